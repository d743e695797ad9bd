package org.jtile.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real program started by a test, its output in a log file (never on the build's console), stopped
 * on {@link #close}. Failures quote the log's tail so a broken peer explains itself.
 */
public final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir}; output goes to {@code dir/<name>.log}. */
  public static ExternalProcess start(String name, Path dir, List<String> command) {
    return start(name, dir, command, Map.of(), ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
  }

  /** As {@link #start(String, Path, List)} with extra environment variables. */
  public static ExternalProcess start(String name, Path dir, List<String> command, Map<String, String> env) {
    return start(name, dir, command, env, ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
  }

  /** As {@link #start(String, Path, List)}, reading its input from the pipe {@link #stdin} writes to. */
  public static ExternalProcess startPiped(String name, Path dir, List<String> command) {
    return start(name, dir, command, Map.of(), ProcessBuilder.Redirect.PIPE);
  }

  private static ExternalProcess start(
      String name,
      Path dir,
      List<String> command,
      Map<String, String> env,
      ProcessBuilder.Redirect input) {
    Path log = dir.resolve(name + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process =
          builder
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(input)
              .start();
      return new ExternalProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs {@code command} to completion with {@code stdin} as input, bounded by {@code timeout}. */
  public static Result run(Path dir, Duration timeout, String stdin, List<String> command) {
    return run(dir, timeout, stdin, Map.of(), command);
  }

  /** As {@link #run(Path, Duration, String, List)} with extra environment variables. */
  public static Result run(
      Path dir, Duration timeout, String stdin, Map<String, String> env, List<String> command) {
    String name = Path.of(command.get(0)).getFileName().toString();
    ExternalProcess p;
    try {
      Path input = Files.writeString(dir.resolve(name + ".stdin"), stdin);
      p = start(name, dir, command, env, ProcessBuilder.Redirect.from(input.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stdin for " + command, e);
    }
    try (p) {
      if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(command + " did not finish within " + timeout + "\n" + p.logTail());
      }
      return new Result(p.process.exitValue(), p.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** What a finished program returned and printed. */
  public record Result(int exitCode, String output) {}

  /** Waits until {@code ready} holds, failing with the log if the process dies or time runs out. */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not ready within " + timeout + "\n" + logTail());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + name, e);
      }
    }
  }

  /** The exit code of a process that has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /**
   * Waits until the process has ended and returns its exit code, failing with the log if it is still
   * running after {@code timeout}. (Not {@link #awaitReady} on {@code !isAlive()}: that fails when the
   * process ends between its two looks at it.)
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + "\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name + " to end", e);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process's input, when started by {@link #startPiped}: it reads on until this is closed. */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The last lines of the log, for failure messages. */
  public String logTail() {
    List<String> lines = output().lines().toList();
    return "--- last lines of " + log + " ---\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Sends {@code signal} (a name: HUP, INT, TERM) as kill(1) does, and fails if it could not be sent. */
  public void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("could not send SIG" + signal + " to " + name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted signalling " + name, e);
    }
  }

  /** SIGKILL: the process dies without cleaning up, as after a crash. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after five seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
