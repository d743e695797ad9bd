package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.FakeRenderd.Answer;
import org.jtile.testing.FakeRenderd;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Memcached;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code bin/jtile}'s subcommands end to end against real renderds on loopback. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ToolsTest {
  @TempDir Path dir;

  static ExternalProcess.Result jtile(Path dir, String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(JtileDaemons.bin("jtile").toString()));
    command.addAll(List.of(args));
    return ExternalProcess.run(dir, Duration.ofSeconds(120), stdin, command);
  }

  static Set<String> metatiles(Path tiles) throws IOException {
    try (Stream<Path> files = Files.walk(tiles)) {
      return files.filter(p -> p.toString().endsWith(".meta")).map(p -> tiles.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Back-dates every metatile under {@code tiles} by a minute; returns an instant between them and any
   * render from now on, whatever the file system's timestamp granularity.
   */
  static Instant backDated(Path tiles) throws IOException {
    Instant old = Instant.now().minusSeconds(60);
    for (String m : metatiles(tiles)) {
      Files.setLastModifiedTime(tiles.resolve(m), FileTime.from(old));
    }
    return old.plusSeconds(30);
  }

  @ParameterizedTest
  @EnumSource(Peer.Kind.class)
  void renderList_all_rendersEachMetatileOnce_thenSkipsWhatIsFresh(Peer.Kind kind) throws Exception {
    try (Peer renderd = Peer.start(kind, dir)) {
      ExternalProcess.Result first = jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "4", "-n", "2", "-s",
          renderd.socket(), "-t", renderd.tiles().toString(), "--no-progress");
      assertThat(first.exitCode()).as(first.output() + renderd.process().logTail()).isZero();
      assertThat(first.output()).contains("Total metatiles requested: 8, done: 8, not done: 0, skipped: 0",
          "Zoom 04: min:");
      assertThat(metatiles(renderd.tiles())).hasSize(8);

      ExternalProcess.Result second = jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "4", "-s",
          renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(second.output()).contains("Total metatiles requested: 0, done: 0, not done: 0, skipped: 8");

      // stdin X Y Z: one request per metatile, bad lines counted and named in verbose mode
      ExternalProcess.Result listed = jtile(dir, "0 0 5\n1 1 5\n7 7 5\n1 2\n40 0 5\n9 9 9\n",
          "render-list", "-z", "5", "-Z", "5", "-f", "-v", "-s", renderd.socket(), "-t", renderd.tiles().toString(),
          "-N");
      assertThat(listed.exitCode()).isZero();
      assertThat(listed.output()).contains("Total lines read: 6 (2 bad)", "requested: 1, done: 1",
          "bad line 4: not X Y Z: 1 2", "bad line 5: x 40 outside 0..31 at zoom 5: 40 0 5",
          "Ignoring tile, zoom 9 outside valid range (5..5)");
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.Kind.class)
  void renderExpired_rendersTheExpiredMetatilesThatExist(Peer.Kind kind) throws Exception {
    try (Peer renderd = Peer.start(kind, dir)) {
      assertThat(jtile(dir, "", "render-list", "-a", "-z", "3", "-Z", "5", "-s", renderd.socket(), "-t",
          renderd.tiles().toString(), "-N").exitCode()).isZero();
      Instant before = backDated(renderd.tiles());
      ExternalProcess.Result result = jtile(dir, "5/0/0\n5/1/1\n5/31/31\n", "render-expired", "-z", "3", "-Z", "5",
          "-s", renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(result.exitCode()).as(result.output()).isZero();
      // 5/0/0 and 5/1/1 share their metatiles at every zoom; 5/31/31 shares only the z3 one
      assertThat(result.output()).contains("Total lines read: 3 (0 bad)", "requested: 5, done: 5");
      assertThat(modifiedSince(renderd.tiles(), before)).containsExactlyInAnyOrder(
          "default/3/0/0/0/0/0.meta", "default/4/0/0/0/0/0.meta", "default/5/0/0/0/0/0.meta",
          "default/4/0/0/0/0/136.meta", "default/5/0/0/0/17/136.meta");
    }
  }

  /** A storage string other than a directory, as mod_tile's tools take one: touch, then delete, in memcached. */
  @Test
  void renderExpired_touchesAndDeletesInMemcached() throws Exception {
    try (Memcached memcached = Memcached.start(dir, 0);
        TileStore store = TileStores.open(memcached.storage(), Clock.systemUTC())) {
      MetatileKey kept = new MetatileKey("default", "", new MetatileCoord(10, 8, 8));
      MetatileKey expired = new MetatileKey("default", "", new MetatileCoord(10, 16, 8));
      for (MetatileKey k : List.of(kept, expired)) {
        byte[][] tiles = new byte[64][];
        Arrays.fill(tiles, new byte[] {1});
        store.write(k, MetatileWriter.write(k.coord(), tiles));
      }
      ExternalProcess.Result touch = jtile(dir, "10/17/9\n10/500/500\n", "render-expired", "-z", "10", "-Z", "10",
          "-T", "10", "-t", memcached.storage(), "-N");
      assertThat(touch.exitCode()).as(touch.output()).isZero();
      assertThat(touch.output()).contains("Total metatiles touched: 1, deleted: 0");
      assertThat(store.readMetatile(expired).orElseThrow().stat().expired()).isTrue();
      assertThat(store.readMetatile(kept).orElseThrow().stat().expired()).isFalse();

      ExternalProcess.Result delete = jtile(dir, "10/17/9\n", "render-expired", "-z", "10", "-Z", "10", "-d", "10",
          "-t", memcached.storage(), "-N");
      assertThat(delete.exitCode()).as(delete.output()).isZero();
      assertThat(delete.output()).contains("Total metatiles touched: 0, deleted: 1");
      assertThat(store.exists(expired)).isFalse();
      assertThat(store.exists(kept)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.Kind.class)
  void renderOld_rerendersWhatIsOlderThanThePlanetImport(Peer.Kind kind) throws Exception {
    try (Peer renderd = Peer.start(kind, dir)) {
      assertThat(jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "4", "-s", renderd.socket(), "-t",
          renderd.tiles().toString(), "-N").exitCode()).isZero();
      for (String old : List.of("default/3/0/0/0/0/0.meta", "default/4/0/0/0/0/136.meta")) {
        Files.setLastModifiedTime(renderd.tiles().resolve(old), FileTime.from(Instant.now().minusSeconds(86400)));
      }
      Files.writeString(renderd.tiles().resolve("planet-import-complete"), "");
      Files.setLastModifiedTime(renderd.tiles().resolve("planet-import-complete"),
          FileTime.from(Instant.now().minusSeconds(3600)));
      ExternalProcess.Result result = jtile(dir, "", "render-old", "-z", "0", "-Z", "4", "-s", renderd.socket(),
          "-t", renderd.tiles().toString(), "-N");
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("requested: 2, done: 2");
      assertThat(modifiedSince(renderd.tiles(), Instant.now().minusSeconds(60))).hasSize(8);
    }
  }

  /**
   * render-old on a tree of 65 536 old files in a heap too small to hold their paths at once (it listed a
   * whole zoom before rendering, and ran out of memory on it): it reads a directory at a time.
   */
  @Test
  void renderOld_walksAHugeTree_inBoundedMemory() throws Exception {
    try (Peer renderd = Peer.start(Peer.Kind.JTILE_UNIX, dir)) {
      Path zoom = renderd.tiles().resolve("default/17");
      FileTime old = FileTime.from(Instant.now().minusSeconds(86400));
      // hash bytes 2..9 at the top cannot hold a zoom-17 metatile: listed and skipped, nothing to render
      for (int a = 2; a < 10; a++) {
        for (int b = 0; b < 16; b++) {
          for (int c = 0; c < 16; c++) {
            for (int d = 0; d < 8; d++) {
              Path leaf = Files.createDirectories(zoom.resolve(a + "/" + b * 16 + "/" + c * 16 + "/" + d * 8));
              for (int h : new int[] {0, 8, 128, 136}) {
                Files.setLastModifiedTime(Files.createFile(leaf.resolve(h + ".meta")), old);
              }
            }
          }
        }
      }
      Path real = Files.createDirectories(zoom.resolve("0/0/0/0")).resolve("0.meta");
      Files.setLastModifiedTime(Files.createFile(real), old);
      ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(120), "",
          Map.of("JTILE_JAVA_OPTS", "-Xmx12m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
          List.of(JtileDaemons.bin("jtile").toString(), "render-old", "-z", "17", "-Z", "17", "-s", renderd.socket(),
              "-t", renderd.tiles().toString(), "-T", String.valueOf(Instant.now().getEpochSecond()), "-N"));
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("requested: 1, done: 1", "skipped: 65536");
      assertThat(Files.getLastModifiedTime(real)).isGreaterThan(old);
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.Kind.class)
  void renderSpeedtest_printsARatePerZoom(Peer.Kind kind) throws Exception {
    try (Peer renderd = Peer.start(kind, dir)) {
      ExternalProcess.Result result = jtile(dir, "", "render-speedtest", "-z", "0", "-Z", "3", "-s",
          renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("Initial startup costs", "Zoom(3) Now rendering 2 tiles",
          "tiles/s)");
    }
  }

  @Test
  void badInput_clearMessages_andModTilesExitCodes() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    long start = System.nanoTime();
    ExternalProcess.Result unreachable = jtile(dir, "", "render-list", "-a", "-s", dir.resolve("none.sock").toString(),
        "-t", tiles.toString());
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.output()).contains("cannot connect to renderd at " + dir.resolve("none.sock"));
    ExternalProcess.Result silentTcp = jtile(dir, "", "render-list", "-a", "-s", "127.0.0.1:1", "-t", tiles.toString());
    assertThat(silentTcp.exitCode()).isEqualTo(2);
    ExternalProcess.Result relativeSocket = jtile(dir, "", "render-list", "-a", "-s", "renderd.sock", "-t",
        tiles.toString());
    assertThat(relativeSocket.exitCode()).isEqualTo(2);
    assertThat(relativeSocket.output()).contains("cannot connect to renderd at renderd.sock:7654: unknown host "
        + "renderd.sock (a Unix socket is named by its absolute path, starting with /)");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));

    assertThat(jtile(dir, "", "render-list", "-c", dir.resolve("none.conf").toString()).output())
        .contains("Config file '" + dir.resolve("none.conf") + "' does not exist");
    Path conf = Files.writeString(dir.resolve("renderd.conf"),
        "[renderd]\nsocketname=/tmp/x.sock\n[mapnik]\nplugins_dir=/usr/lib/mapnik/3.1/input\n[osm]\nURI=/osm/\nXML=/x.xml\n");
    ExternalProcess.Result noMap = jtile(dir, "", "render-list", "-c", conf.toString(), "-m", "nosuch");
    assertThat(noMap.exitCode()).isEqualTo(1);
    assertThat(noMap.output()).contains("Map section 'nosuch' does not exist in config file");
    assertThat(jtile(dir, "", "render-list", "-Z", "21", "-t", tiles.toString()).output())
        .contains("Invalid max zoom, must be >= 0 and <= 20 (21 was provided)");
    assertThat(jtile(dir, "", "render-list", "-a", "-z", "3", "-Z", "4", "-x", "1", "-t", tiles.toString()).output())
        .contains("min-zoom must be equal to max-zoom when using min-x, max-x, min-y, or max-y options");
    assertThat(jtile(dir, "", "render-list", "-n", "0", "-t", tiles.toString()).exitCode()).isEqualTo(1);
    ExternalProcess.Result tooWide = jtile(dir, "", "render-list", "-n", "2147483647", "-t", tiles.toString());
    assertThat(tooWide.exitCode()).isEqualTo(1);
    assertThat(tooWide.output()).contains("Invalid number of threads, must be <= 65536 (2147483647 was provided)")
        .doesNotContain("Exception");
    assertThat(jtile(dir, "", "render-list", "-t", dir.resolve("no-tiles").toString(), "-s", "/x").output())
        .contains("Failed to initialise storage backend");
    ExternalProcess.Result noBackend = jtile(dir, "", "render-list", "-t", "nosuch://tiles", "-s", "/x");
    assertThat(noBackend.exitCode()).isEqualTo(1);
    assertThat(noBackend.output()).contains("Failed to initialise storage backend nosuch://tiles: no valid storage "
        + "backend found").doesNotContain("Exception");
    ExternalProcess.Result oldInS3 = jtile(dir, "", "render-old", "-t", "s3://bucket/tiles?endpoint=http://127.0.0.1:1",
        "-s", "/x");
    assertThat(oldInS3.exitCode()).isEqualTo(1);
    assertThat(oldInS3.output()).contains("render-old walks a tile directory").doesNotContain("Exception");
    // a tile directory relative to where the tool runs: mod_tile refuses it, jtile takes it
    ExternalProcess.Result relative = jtile(dir, "1/0/0\n", "render-expired", "-t", "tiles", "-T", "1", "-N");
    assertThat(relative.exitCode()).as(relative.output()).isZero();
    assertThat(relative.output()).contains("Total lines read: 1 (0 bad)");
    assertThat(jtile(dir, "", "render-old", "-T", "31/02/2020", "-t", tiles.toString()).output())
        .contains("Invalid timestamp");
    assertThat(jtile(dir, "", "render-expired", "--bogus").exitCode()).isEqualTo(1);
  }

  @Test
  void renderdGone_theToolGivesUpAfterItsBackOff_withAClearMessage() throws Exception {
    Peer renderd = Peer.start(Peer.Kind.JTILE_UNIX, dir);
    ExternalProcess tool = ExternalProcess.start("jtile", dir, List.of(JtileDaemons.bin("jtile").toString(),
        "render-list", "-a", "-z", "0", "-Z", "7", "-s", renderd.socket(), "-t", renderd.tiles().toString(), "-N"),
        Map.of());
    try (tool) {
      tool.awaitReady(() -> {
        try {
          return metatiles(renderd.tiles()).size() >= 3;
        } catch (IOException e) {
          return false;
        }
      }, Duration.ofSeconds(60));
      renderd.process().kill();
      assertThat(tool.awaitExit(Duration.ofSeconds(60))).as(tool.output()).isEqualTo(2);
      assertThat(tool.output()).contains("reconnecting in 8.0 s", "stopped answering", "gave up after 5 reconnects");
    }
  }

  @Test
  void aPeerThatAcceptsAndHangsUp_runsOutTheBackOff_notForever() throws Exception {
    try (FakeRenderd peer = FakeRenderd.start(dir.resolve("hangs-up.sock"), (connection, m) -> Answer.DROP)) {
      Files.createDirectories(dir.resolve("tiles"));
      ExternalProcess.Result run = jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "1", "-s",
          peer.socket().toString(), "-t", dir.resolve("tiles").toString(), "-N");
      assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
      // "closed the connection", or "reset" when it hung up on requests it had not read
      assertThat(run.output()).contains("reconnecting in 8.0 s", "gave up after 5 reconnects");
      assertThat(peer.connections()).as("the first connection and five more").isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void renderdRestartedMidRun_theToolReconnectsAndFinishes() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("one"));
    Peer first = Peer.start(Peer.Kind.JTILE_UNIX, sub);
    ExternalProcess tool = ExternalProcess.start("jtile", dir, List.of(JtileDaemons.bin("jtile").toString(),
        "render-list", "-a", "-z", "0", "-Z", "7", "-n", "2", "-s", first.socket(), "-t", first.tiles().toString(), "-N"),
        Map.of());
    try (tool) {
      tool.awaitReady(() -> {
        try {
          return metatiles(first.tiles()).size() >= 5;
        } catch (IOException e) {
          return false;
        }
      }, Duration.ofSeconds(60));
      first.process().kill(); // dies: no goodbye, the socket file left behind
      tool.awaitReady(() -> tool.output().contains("reconnecting in"), Duration.ofSeconds(30));
      try (Peer second = Peer.start(Peer.Kind.JTILE_UNIX, sub)) {
        assertThat(tool.awaitExit(Duration.ofSeconds(120))).as(tool.output()).isZero();
        assertThat(tool.output()).contains("not done: 0");
        assertThat(metatiles(second.tiles())).hasSize(1 + 1 + 1 + 1 + 4 + 16 + 64 + 256);
      }
    }
  }

  /**
   * Ctrl-C (or a kill, or the terminal closing) while the tool waits for more input, as from a terminal or
   * a pipe whose writer goes on: what it read is rendered meanwhile, and the signal stops the reading at
   * once, lets what is in flight finish and prints the summary.
   */
  @ParameterizedTest
  @CsvSource({"INT, render-expired, 5/0/0", "TERM, render-expired, 5/0/0", "HUP, render-expired, 5/0/0",
      "INT, render-list, 0 0 5"})
  void signalled_whileWaitingForInput_stopsAtOnce_andPrintsTheSummary(String signal, String tool, String line)
      throws Exception {
    try (Peer renderd = Peer.start(Peer.Kind.JTILE_UNIX, dir)) {
      assertThat(jtile(dir, "", "render-list", "-a", "-z", "3", "-Z", "5", "-s", renderd.socket(), "-t",
          renderd.tiles().toString(), "-N").exitCode()).isZero();
      Instant before = backDated(renderd.tiles());
      // with the signals at their defaults, as a shell starts a command in the foreground: the build may run
      // with some ignored (nohup, a background job), which the tool then rightly keeps ignoring
      List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP",
          JtileDaemons.bin("jtile").toString(), tool, "-z", "3", "-Z", "5", "-s", renderd.socket(), "-t",
          renderd.tiles().toString(), "-N"));
      if (tool.equals("render-list")) {
        command.add("--force"); // its metatiles are fresh
      }
      ExternalProcess running = ExternalProcess.startPiped("jtile", dir, command);
      try (running) {
        running.stdin().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        running.stdin().flush(); // and left open: more lines could come
        int rendered = tool.equals("render-expired") ? 3 : 1; // the line's metatile at each zoom, or at its own
        running.awaitReady(() -> {
          try {
            return modifiedSince(renderd.tiles(), before).size() == rendered;
          } catch (IOException e) {
            return false;
          }
        }, Duration.ofSeconds(30));
        running.signal(signal);
        assertThat(running.awaitExit(Duration.ofSeconds(10))).as(running.output()).isZero();
        assertThat(running.output()).contains(tool + ": interrupted; what was done so far:",
            "Total lines read: 1 (0 bad)", "requested: " + rendered + ", done: " + rendered);
      }
    }
  }

  /**
   * A signal in the tool's first moments (the JVM starting, picocli reading the options) ends it too, at
   * once or through the run's summary: it used to be lost between the two, and the tool read on. The delays
   * sweep that span, ~40 to ~100 ms after the start on a 2-core VM.
   */
  @Test
  void signalled_atAnyMomentOfTheStart_stops() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    List<String> command = List.of("env", "--default-signal=INT,TERM,HUP", JtileDaemons.bin("jtile").toString(),
        "render-expired", "-t", tiles.toString(), "-T", "0", "-N");
    for (int delay = 0; delay <= 200; delay += 10) {
      try (ExternalProcess running = ExternalProcess.startPiped("jtile", dir, command)) { // its input stays open
        Thread.sleep(delay);
        running.signal("INT");
        int exit;
        try {
          exit = running.awaitExit(Duration.ofSeconds(10));
        } catch (AssertionError e) {
          throw new AssertionError("still running 10 s after SIGINT " + delay + " ms into its start", e);
        }
        // 130: the JVM's own end for SIGINT, before the run began. 1: the JDK's, when the signal lands in the
        // last step of its boot: the shutdown it starts overtakes that step, which then fails. No code of ours
        // has run by then; the process ends all the same, and that is what is asked of it.
        String why = String.format("signalled after %d ms: %s", delay, running.output());
        switch (exit) {
          case 0 -> assertThat(running.output()).as(why)
              .contains("render-expired: interrupted; what was done so far:");
          case 1 -> assertThat(running.output()).as(why).startsWith("Error occurred during initialization of VM");
          default -> assertThat(exit).as(why).isEqualTo(130);
        }
      }
    }
  }

  /**
   * On a terminal (script(1) gives the tool one) the progress is a bar rewritten in place, with the share
   * done and the ETA: of the zoom range walked, and of a list read from a file; --no-progress leaves plain
   * lines, every 10 s, so none in these runs of a few seconds.
   */
  @Test
  void onATerminal_progressIsABar_withTheShareDone_andAnEta() throws Exception {
    try (Peer renderd = Peer.slow(dir, 20)) {
      String tool = "'" + JtileDaemons.bin("jtile") + "' ";
      String options = " -s '" + renderd.socket() + "' -t '" + renderd.tiles() + "'";
      String walked = onATerminal(tool + "render-list -a -z 0 -Z 5" + options);
      assertThat(walked).contains("\r\033[Krender-list [", "%  ETA ", " answered (",
          "Total metatiles requested: 24, done: 24");
      Path list = Files.writeString(dir.resolve("expire.list"), "5/0/0\n5/8/8\n5/16/16\n5/24/24\n");
      String read = onATerminal(tool + "render-expired -z 3 -Z 5" + options + " < '" + list + "'");
      assertThat(read).contains("\r\033[Krender-expired [", "%  ETA ", "Total lines read: 4 (0 bad)");
      String plain = onATerminal(tool + "render-list -a -z 0 -Z 5 -f -N" + options);
      assertThat(plain).contains("Total metatiles requested: 24, done: 24").doesNotContain("\033[K", "ETA");
    }
  }

  /** What {@code shellCommand} prints when run on a terminal of its own. */
  private String onATerminal(String shellCommand) {
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(60), "",
        List.of("script", "-qec", shellCommand, "/dev/null"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  private static Set<String> modifiedSince(Path tiles, Instant since) throws IOException {
    Set<String> modified = new TreeSet<>();
    for (String m : metatiles(tiles)) {
      if (Files.getLastModifiedTime(tiles.resolve(m)).toInstant().isAfter(since)) {
        modified.add(m);
      }
    }
    return modified;
  }
}
