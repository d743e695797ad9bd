package org.jtile.renderd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jtile.metatile.MetatileCoord;
import org.jtile.store.file.MetatilePath;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's C tools (render_list, render_expired, render_old) against {@code bin/jtile-renderd} started
 * from a classic renderd.conf that C renderd would accept too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RenderdInteropTest {
  private static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");

  @TempDir Path dir;
  private Path tiles;
  private Path socket;
  private ExternalProcess renderd;

  @BeforeEach
  void setUp() throws IOException {
    tiles = Files.createDirectories(dir.resolve("tiles"));
    socket = dir.resolve("renderd.sock");
  }

  @AfterEach
  void tearDown() {
    if (renderd != null) {
      renderd.close();
    }
  }

  private Path conf(String... renderdKeys) {
    ClassicRenderdConf conf = new ClassicRenderdConf(socket, tiles).renderd("num_threads", "2");
    for (int i = 0; i + 1 < renderdKeys.length; i += 2) {
      conf.renderd(renderdKeys[i], renderdKeys[i + 1]);
    }
    return conf.map("default", ExampleMap.writeStyle(dir.resolve("style")), "RENDERER", "test")
        .writeTo(dir.resolve("renderd.conf"));
  }

  static Path launcher() {
    return org.jtile.testing.JtileDaemons.bin("jtile-renderd");
  }

  private void startJtile(Path conf, Path readyFile) {
    renderd = ExternalProcess.start("jtile-renderd", dir, List.of(launcher().toString(), "-f", "-c", conf.toString()));
    renderd.awaitReady(() -> Files.exists(readyFile) || renderd.output().contains("ready: listening"),
        Duration.ofSeconds(60));
  }

  private ExternalProcess.Result tool(String stdin, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.set(0, Peers.require(command[0], "renderd").toString());
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(120), stdin, args);
    assertThat(result.exitCode()).as(result.output() + "\n" + renderd.logTail()).isZero();
    return result;
  }

  private Set<String> metatilesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(tiles)) {
      return files.filter(p -> p.toString().endsWith(".meta")).map(p -> tiles.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> allMetatiles(int minZoom, int maxZoom) {
    Set<String> expected = new TreeSet<>();
    for (int z = minZoom; z <= maxZoom; z++) {
      for (int x = 0; x < 1 << z; x += 8) {
        for (int y = 0; y < 1 << z; y += 8) {
          expected.add(MetatilePath.relative("default", "", MetatileCoord.containing(z, x, y)));
        }
      }
    }
    return expected;
  }

  private Path meta(int z, int x, int y) {
    return MetatilePath.of(tiles, "default", "", MetatileCoord.containing(z, x, y));
  }

  @Test
  void renderList_all_overTheUnixSocket_leavesEveryMetatileWhereCExpectsIt() throws Exception {
    startJtile(conf(), socket);
    ExternalProcess.Result result =
        tool("", "render_list", "-a", "-z", "0", "-Z", "5", "-n", "2", "-s", socket.toString(), "-t", tiles.toString());
    assertThat(result.output()).contains("Zoom 05");
    assertThat(metatilesOnDisk()).isEqualTo(allMetatiles(0, 5));
  }

  /**
   * mod_tile's master/slave: jtile as master with a {@code [renderd1]} section naming Debian's renderd on TCP;
   * Debian's render_list through the master has every metatile rendered, some by the slave.
   */
  @Test
  void masterForwardsToADebianSlaveOverTcp() throws Exception {
    int slavePort = org.jtile.testing.Ports.free();
    int metricsPort = org.jtile.testing.Ports.free();
    Path style = ExampleMap.writeStyle(dir.resolve("style"));
    Path slaveConf = new ClassicRenderdConf(dir.resolve("slave.sock"), tiles).renderd("ipport", String.valueOf(slavePort))
        .map("default", style).writeTo(dir.resolve("slave.conf"));
    // the master's own thread draws test tiles: this module's tests run before the Mapnik binding is built
    String master = new ClassicRenderdConf(socket, tiles).renderd("metrics_port", String.valueOf(metricsPort))
        .map("default", style, "RENDERER", "test").text()
        + "\n[renderd1]\niphostname=127.0.0.1\nipport=" + slavePort + "\nnum_threads=1\ntile_dir=" + tiles + "\n";
    try (ExternalProcess slave = ExternalProcess.start("debian-slave", dir,
        List.of(Peers.require("renderd", "renderd").toString(), "-f", "-c", slaveConf.toString()))) {
      slave.awaitReady(() -> org.jtile.testing.Ports.listening(slavePort), Duration.ofSeconds(30));
      startJtile(Files.writeString(dir.resolve("renderd.conf"), master), socket);
      tool("", "render_list", "-a", "-z", "0", "-Z", "5", "-n", "4", "-s", socket.toString(), "-t", tiles.toString());
    }
    assertThat(metatilesOnDisk()).isEqualTo(allMetatiles(0, 5));
    java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher bySlave =
        java.util.regex.Pattern.compile("\nrenderd_slaves_renderd1_rendered ([0-9.]+)").matcher(metrics.body());
    assertThat(bySlave.find()).as(metrics.body()).isTrue();
    assertThat(Double.parseDouble(bySlave.group(1))).as("metatiles the slave rendered").isBetween(1.0, 23.0);
  }

  /** A slave that cannot be reached takes no job: the master renders everything itself. */
  @Test
  void masterWithAnUnreachableSlave_rendersEverythingItself() throws Exception {
    int closedPort = org.jtile.testing.Ports.free();
    String master = new ClassicRenderdConf(socket, tiles)
        .map("default", ExampleMap.writeStyle(dir.resolve("style")), "RENDERER", "test").text()
        + "\n[renderd1]\niphostname=127.0.0.1\nipport=" + closedPort + "\nnum_threads=2\n";
    startJtile(Files.writeString(dir.resolve("renderd.conf"), master), socket);
    ExternalProcess.Result result =
        tool("", "render_list", "-a", "-z", "0", "-Z", "4", "-n", "2", "-s", socket.toString(), "-t", tiles.toString());
    assertThat(result.output()).contains("Zoom 04");
    assertThat(metatilesOnDisk()).isEqualTo(allMetatiles(0, 4));
    assertThat(renderd.output()).contains("Failed to connect to Renderd slave renderd1 at 127.0.0.1:"
        + closedPort);
  }

  @Test
  void renderList_overTcp_throughASocatBridge() throws Exception {
    Path socat = Peers.require("socat", "socat");
    int port = org.jtile.testing.Ports.free();
    startJtile(conf("ipport", String.valueOf(port)), dir.resolve("never"));
    Path bridge = dir.resolve("bridge.sock");
    try (ExternalProcess relay = ExternalProcess.start("socat", dir,
        List.of(socat.toString(), "UNIX-LISTEN:" + bridge + ",fork", "TCP:127.0.0.1:" + port))) {
      relay.awaitReady(() -> Files.exists(bridge), Duration.ofSeconds(10));
      tool("", "render_list", "-a", "-z", "0", "-Z", "4", "-n", "2", "-s", bridge.toString(), "-t", tiles.toString());
    }
    assertThat(metatilesOnDisk()).isEqualTo(allMetatiles(0, 4));
  }

  @Test
  void renderExpired_rendersTouchesAndDeletes_asTheCToolExpects() throws Exception {
    startJtile(conf(), socket);
    tool("", "render_list", "-a", "-z", "0", "-Z", "5", "-n", "2", "-s", socket.toString(), "-t", tiles.toString());
    for (String file : metatilesOnDisk()) {
      Files.setLastModifiedTime(tiles.resolve(file), FileTime.from(OLD));
    }

    ExternalProcess.Result rendered = tool("5/1/1\n",
        "render_expired", "-z", "3", "-Z", "5", "-s", socket.toString(), "-t", tiles.toString());
    assertThat(rendered.output()).contains("Meta tiles rendered: Rendered 3 tiles");
    assertThat(Files.getLastModifiedTime(meta(5, 1, 1)).toInstant()).isAfter(OLD);
    assertThat(Files.getLastModifiedTime(meta(4, 0, 0)).toInstant()).isAfter(OLD);
    assertThat(Files.getLastModifiedTime(meta(5, 30, 30)).toInstant()).isEqualTo(OLD);

    tool("5/30/30\n", "render_expired", "-z", "3", "-Z", "5", "--touch-from=3", "-s", socket.toString(),
        "-t", tiles.toString());
    assertThat(Files.getLastModifiedTime(meta(5, 30, 30)).toInstant()).isBefore(Instant.parse("2001-01-01T00:00:00Z"));

    tool("5/30/30\n", "render_expired", "-z", "3", "-Z", "5", "--delete-from=4", "-s", socket.toString(),
        "-t", tiles.toString());
    assertThat(meta(5, 30, 30)).doesNotExist();
    assertThat(meta(4, 15, 15)).doesNotExist();
    assertThat(meta(3, 7, 7)).exists();
  }

  @Test
  void renderOld_reRendersWhatIsOlderThanThePlanetImport() throws Exception {
    Path conf = conf();
    startJtile(conf, socket);
    tool("", "render_list", "-a", "-z", "0", "-Z", "4", "-s", socket.toString(), "-t", tiles.toString());
    for (String file : metatilesOnDisk()) {
      Files.setLastModifiedTime(tiles.resolve(file), FileTime.from(OLD));
    }
    Files.setLastModifiedTime(meta(4, 8, 8), FileTime.from(Instant.now().plusSeconds(3600)));
    Path planet = Files.createFile(tiles.resolve("planet-import-complete"));
    Files.setLastModifiedTime(planet, FileTime.from(Instant.now().minusSeconds(60)));

    tool("", "render_old", "-c", conf.toString(), "-z", "0", "-Z", "4", "-s", socket.toString(), "-t", tiles.toString());
    for (String file : metatilesOnDisk()) {
      Instant modified = Files.getLastModifiedTime(tiles.resolve(file)).toInstant();
      assertThat(modified).as(file).isAfter(Instant.now().minusSeconds(120));
    }
  }

  @Test
  void sigterm_exitsZero_andRemovesTheSocket() throws Exception {
    startJtile(conf(), socket);
    ProcessHandle.of(renderd.pid()).orElseThrow().destroy();
    assertThat(renderd.awaitExit(Duration.ofSeconds(30))).as(renderd.logTail()).isZero();
    assertThat(socket).doesNotExist();
  }

  @Test
  void helpAndVersion_exitZero() {
    ExternalProcess.Result version =
        ExternalProcess.run(dir, Duration.ofSeconds(60), "", List.of(launcher().toString(), "--version"));
    assertThat(version.exitCode()).isZero();
    assertThat(version.output().strip()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    ExternalProcess.Result help =
        ExternalProcess.run(dir, Duration.ofSeconds(60), "", List.of(launcher().toString(), "--help"));
    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("-c, --config", "--foreground");
  }

  @Test
  void badConfigValue_stopsStartUp_withOneLineNamingTheKey() throws Exception {
    Path conf = new ClassicRenderdConf(socket, tiles)
        .map("default", ExampleMap.writeStyle(dir.resolve("style")), "RENDERER", "test", "SCALE", "9")
        .writeTo(dir.resolve("bad.conf"));
    ExternalProcess.Result result =
        ExternalProcess.run(dir, Duration.ofSeconds(60), "", List.of(launcher().toString(), "-c", conf.toString()));
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.output().strip())
        .isEqualTo("ERROR [main] Config file '" + conf + "' [default]: Specified scale factor (9.000000) is too large,"
            + " must be less than or equal to 8.000000.");
  }
}
