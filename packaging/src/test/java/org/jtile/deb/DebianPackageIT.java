package org.jtile.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built .deb as an operator meets it: installed with dpkg (root, as CI runs), its units verified by
 * systemd-analyze, both services' ExecStart run by hand as the package's user (no systemd in CI) on the
 * example map laid out where the package keeps tiles, a tile fetched through the installed frontend, the
 * tools started from the class-data archive postinst makes; then the package removed and purged.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DebianPackageIT {
  private static final Path UNITS = Path.of("/lib/systemd/system");
  private static final Path TOOLS_ARCHIVE = Path.of("/var/cache/jtile/tools.jsa");

  @TempDir Path dir;

  @Test
  void install_verifyUnits_runBothServices_fetchATile_purge() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "installing a .deb needs root (CI runs as root)");
    Path deb = built();
    try {
      run("dpkg", "-i", deb.toString());
      assertThat(run("dpkg-query", "-W", "-f=${Status}", "jtile")).isEqualTo("install ok installed");
      assertThat(run("stat", "-c", "%U:%G", "/var/cache/jtile/tiles")).isEqualTo("jtile:jtile");
      assertThat(Path.of("/etc/jtile/renderd.conf")).exists();
      assertThat(Path.of("/usr/share/man/man1/jtile-frontend.1.gz")).exists();
      assertThat(Path.of("/usr/share/doc/jtile/frontend.reference.conf")).exists();
      assertThat(Path.of("/usr/share/doc/jtile/docs/operations.md")).exists();
      assertThat(Path.of("/usr/share/doc/jtile/monitoring/jtile-grafana-dashboard.json")).exists();
      assertThat(Path.of("/usr/share/doc/jtile/docs/performance/README.md")).exists();
      assertThat(run("man", "-P", "cat", "jtile-renderd")).contains("SIGHUP", "Exit status");
      assertThat(run("man", "-P", "cat", "jtile")).contains("render-expired");
      run("systemd-analyze", "verify", UNITS.resolve("jtile-renderd.service").toString(),
          UNITS.resolve("jtile-frontend.service").toString());

      // the tools start from the class-data archive postinst made, and again after a JVM upgrade (the trigger)
      assertThat(toolsMainClassSource()).isEqualTo("shared objects file");
      Files.delete(TOOLS_ARCHIVE);
      assertThat(toolsMainClassSource()).startsWith("file:/usr/share/jtile/lib/jtile-tools-");
      run("dpkg-trigger", "--no-await", "/usr/lib/jvm");
      run("dpkg", "--triggers-only", "jtile");
      assertThat(toolsMainClassSource()).isEqualTo("shared objects file");

      // the example map where the package keeps its data, readable by its user
      Path style = Path.of("/var/cache/jtile/style");
      Files.createDirectories(style);
      Files.copy(ExampleMap.data(), style.resolve(ExampleMap.DATA_FILE));
      Path xml = ExampleMap.writeStyle(dir.resolve("style"));
      Files.copy(xml, style.resolve(xml.getFileName()));
      run("chown", "-R", "jtile:jtile", style.toString());
      Files.writeString(Path.of("/etc/jtile/renderd.conf"), """
          jtile.renderd {
            num_threads = 1
            maps.world { uri = "/tiles/world/", xml = "%s" }
          }
          """.formatted(style.resolve(xml.getFileName())));
      int port = Ports.free();
      Files.writeString(Path.of("/etc/jtile/frontend.conf"), """
          jtile.frontend {
            http { host = "127.0.0.1", port = %d }
            layers.world { uri = "/tiles/world/" }
          }
          """.formatted(port));
      // what systemd's RuntimeDirectory= would make
      run("install", "-d", "-o", "jtile", "-g", "jtile", "-m", "0755", "/run/jtile");

      try (ExternalProcess renderd = service("jtile-renderd");
          ExternalProcess frontend = service("jtile-frontend")) {
        renderd.awaitReady(() -> Files.exists(Path.of("/run/jtile/renderd.sock")), Duration.ofSeconds(60));
        frontend.awaitReady(() -> frontend.output().contains("ready: serving"), Duration.ofSeconds(60));
        HttpResponse<byte[]> tile = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/tiles/world/1/0/0.png")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tile.statusCode()).as(renderd.logTail() + "\n" + frontend.logTail()).isEqualTo(200);
        assertThat(new String(tile.body(), 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(Files.exists(Path.of("/var/cache/jtile/tiles/world/1/0/0/0/0/0.meta"))).isTrue();
        // the installed tools against the installed renderd, as the jtile user
        assertThat(run("runuser", "-u", "jtile", "--", "/usr/bin/jtile", "render-list", "-a", "-z", "0", "-Z", "2",
            "-m", "world", "-s", "/run/jtile/renderd.sock", "-t", "/var/cache/jtile/tiles", "-N"))
            .contains("done: 2");
      }
      run("dpkg", "--remove", "jtile");
      assertThat(TOOLS_ARCHIVE).as("made for jars now gone").doesNotExist();
    } finally {
      run("dpkg", "--purge", "jtile");
      Files.deleteIfExists(Path.of("/run/jtile/renderd.sock"));
    }
    assertThat(ExternalProcess.run(dir, Duration.ofSeconds(30), "", List.of("dpkg-query", "-W", "-f=${Status}", "jtile"))
        .output()).doesNotContain("installed");
    for (String gone : List.of("/usr/bin/jtile-frontend", "/usr/share/jtile", "/etc/jtile", "/var/cache/jtile",
        "/lib/systemd/system/jtile-renderd.service")) {
      assertThat(Path.of(gone)).as(gone).doesNotExist();
    }
  }

  private String toolsMainClassSource() {
    return JtileDaemons.toolsMainClassSource(dir, Path.of("/usr/bin/jtile"));
  }

  private static Path built() throws Exception {
    Path target = Path.of(System.getProperty("jtile.deb.dir", "target"));
    try (DirectoryStream<Path> debs = Files.newDirectoryStream(target, "jtile_*.deb")) {
      for (Path deb : debs) {
        return deb;
      }
    }
    throw new AssertionError("no jtile_*.deb in " + target + ": the package phase builds it");
  }

  /** A unit's ExecStart, run by hand as its User=, its log in the test's folder. */
  private ExternalProcess service(String unit) throws Exception {
    List<String> lines = Files.readAllLines(UNITS.resolve(unit + ".service"));
    String user = value(lines, "User=");
    List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--", "env"));
    String environment = value(lines, "Environment=");
    if (!environment.isEmpty()) {
      command.add(environment);
    }
    command.addAll(Arrays.asList(value(lines, "ExecStart=").split(" ")));
    return ExternalProcess.start(unit, dir, command);
  }

  private static String value(List<String> unit, String key) {
    return unit.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length())).findFirst().orElse("");
  }

  /** Runs a command to completion; its output, trimmed. A failure ends the test with the output. */
  private String run(String... command) {
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(120), "", List.of(command));
    assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
    return result.output().trim();
  }
}
