package org.jtile.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jtile's own daemons started as real processes from the checkout's {@code bin/} launchers, the way an
 * operator runs them; their logs go to the test's folder.
 */
public final class JtileDaemons {
  private static final Pattern SERVING = Pattern.compile("ready: serving on http://[^:]+:(\\d+)/");
  private static final Pattern TOOLS_MAIN_SOURCE = Pattern.compile("org\\.jtile\\.tools\\.JtileMain source: (.*)");

  private JtileDaemons() {}

  /**
   * A launcher in the checkout's {@code bin/}: found from {@code -Djtile.repo.dir} (set by the parent
   * POM) upwards, so a build started in a module's folder finds it too.
   */
  public static Path bin(String name) {
    String repo = System.getProperty("jtile.repo.dir");
    for (Path dir = Path.of(repo != null ? repo : "").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path launcher = dir.resolve("bin").resolve(name);
      if (Files.isExecutable(launcher)) {
        return launcher;
      }
    }
    throw new IllegalStateException("no launcher bin/" + name + " above " + repo + " (set -Djtile.repo.dir)");
  }

  /** A file of the checkout, e.g. {@code conf/classic/renderd.conf}: found beside {@code bin/}. */
  public static Path checkoutFile(String relative) {
    return bin("jtile-renderd").getParent().resolveSibling(relative);
  }

  /** {@code jtile-renderd} with {@code args}, once it listens. */
  public static ExternalProcess renderd(Path dir, String name, List<String> args) {
    return renderd(dir, name, List.of(), args);
  }

  /** As {@link #renderd(Path, String, List)}, started through {@code starter}, e.g. {@code nohup}. */
  public static ExternalProcess renderd(Path dir, String name, List<String> starter, List<String> args) {
    ExternalProcess p = ExternalProcess.start(name, dir, command(starter, "jtile-renderd", args));
    p.awaitReady(() -> p.output().contains("ready: listening on"), Duration.ofSeconds(60));
    return p;
  }

  /** A running {@code jtile-frontend} and the TCP port it took. */
  public record Frontend(ExternalProcess process, int port) implements AutoCloseable {
    public String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** {@code jtile-frontend} with {@code args}, once it serves; its config may ask for port 0. */
  public static Frontend frontend(Path dir, String name, List<String> args) {
    return frontend(dir, name, List.of(), args);
  }

  /** As {@link #frontend(Path, String, List)}, started through {@code starter}, e.g. {@code nohup}. */
  public static Frontend frontend(Path dir, String name, List<String> starter, List<String> args) {
    ExternalProcess p = ExternalProcess.start(name, dir, command(starter, "jtile-frontend", args));
    p.awaitReady(() -> SERVING.matcher(p.output()).find(), Duration.ofSeconds(60));
    Matcher m = SERVING.matcher(p.output());
    if (!m.find()) {
      throw new AssertionError("no port in " + p.logTail());
    }
    return new Frontend(p, Integer.parseInt(m.group(1)));
  }

  private static List<String> command(List<String> starter, String launcher, List<String> args) {
    List<String> command = new ArrayList<>(starter);
    command.add(bin(launcher).toString());
    command.addAll(args);
    return command;
  }

  /**
   * Where the JVM behind a {@code jtile} tools launcher (the checkout's or an installed one) loaded its main
   * class from, as its class+load log says: {@code shared objects file} when from a class-data archive.
   */
  public static String toolsMainClassSource(Path dir, Path launcher) {
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(60), "",
        Map.of("JTILE_JAVA_OPTS", "-Xlog:class+load"), List.of(launcher.toString(), "--version"));
    Matcher m = TOOLS_MAIN_SOURCE.matcher(result.output());
    if (result.exitCode() != 0 || !m.find()) {
      throw new AssertionError(launcher + " --version, exit " + result.exitCode() + ":\n" + result.output());
    }
    return m.group(1).trim();
  }
}
