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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * For the same input, jtile's tools and Debian's render_list / render_expired / render_old leave the same
 * metatiles rendered, touched or deleted. Each side works on its own copy of the cache and, when it
 * renders, its own jtile renderd (test renderer).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DebianToolsCompatibilityTest {
  private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(3650));

  @TempDir Path dir;

  @Test
  void renderExpired_touchAndDelete_sameMetatilesAsDebian() throws Exception {
    Path c = cache(dir.resolve("c"));
    Path j = cache(dir.resolve("j"));
    String list = expireList(new Random(42), 3000);
    // from min zoom up every metatile is touched or deleted: nothing to render, no renderd needed
    ExternalProcess.Result debian = debian("render_expired", list, "-t", c.toString(), "-z", "5", "-Z", "9", "-T", "5",
        "-d", "8", "-s", dir.resolve("unused.sock").toString());
    assertThat(debian.exitCode()).as(debian.output()).isZero();
    ExternalProcess.Result ours = ToolsTest.jtile(dir, list, "render-expired", "-t", j.toString(), "-z", "5", "-Z",
        "9", "-T", "5", "-d", "8", "-N");
    assertThat(ours.exitCode()).as(ours.output()).isZero();

    assertThat(ToolsTest.metatiles(j)).isEqualTo(ToolsTest.metatiles(c));
    Set<String> touched = touched(c);
    assertThat(touched(j)).isEqualTo(touched).isNotEmpty();
    for (String m : touched) {
      assertThat(Files.getLastModifiedTime(j.resolve(m))).as("back-dated to the second as Debian's: " + m)
          .isEqualTo(Files.getLastModifiedTime(c.resolve(m)));
    }
    assertThat(ours.output()).contains("touched: " + touched.size());
    assertThat(ToolsTest.metatiles(c)).hasSizeLessThan(ToolsTest.metatiles(cache(dir.resolve("fresh"))).size());
  }

  @Test
  void renderExpired_render_sameMetatilesAsDebian() throws Exception {
    String list = expireList(new Random(7), 400);
    Set<String> debian = rerendered("render_expired", list, "-z", "3", "-Z", "7");
    Set<String> ours = rerendered("render-expired", list, "-z", "3", "-Z", "7");
    assertThat(ours).isEqualTo(debian).isNotEmpty();
  }

  @Test
  void renderList_allAndStdin_sameMetatilesAsDebian() throws Exception {
    assertThat(rendered("render-list", "", "-a", "-z", "0", "-Z", "5"))
        .isEqualTo(rendered("render_list", "", "-a", "-z", "0", "-Z", "5"));
    String tiles = "0 0 6\n63 63 6\n12 40 6\n13 41 6\n100 100 7\n";
    assertThat(rendered("render-list", tiles, "-z", "6", "-Z", "7"))
        .isEqualTo(rendered("render_list", tiles, "-z", "6", "-Z", "7")).hasSize(4);
  }

  @Test
  void renderOld_sameMetatilesAsDebian() throws Exception {
    Set<String> debian = rerendered("render_old", "", "-z", "3", "-Z", "8");
    Set<String> ours = rerendered("render-old", "", "-z", "3", "-Z", "8");
    assertThat(ours).isEqualTo(debian).isNotEmpty();
  }

  /**
   * Renders with {@code tool} (Debian's when it has an underscore) into an empty cache served by a fresh
   * jtile renderd; the metatiles it left.
   */
  private Set<String> rendered(String tool, String stdin, String... args) throws Exception {
    Path side = Files.createDirectories(dir.resolve(tool + stdin.length()));
    try (Peer renderd = Peer.start(Peer.Kind.JTILE_UNIX, side)) {
      run(tool, stdin, renderd, args);
      return ToolsTest.metatiles(renderd.tiles());
    }
  }

  /**
   * Runs {@code tool} on a cache whose metatiles are all older than its planet timestamp, served by a
   * fresh jtile renderd; the metatiles re-rendered.
   */
  private Set<String> rerendered(String tool, String stdin, String... args) throws Exception {
    Path side = Files.createDirectories(dir.resolve(tool));
    try (Peer renderd = Peer.start(Peer.Kind.JTILE_UNIX, side)) {
      cache(renderd.tiles());
      Path planet = Files.writeString(renderd.tiles().resolve("planet-import-complete"), "");
      Files.setLastModifiedTime(planet, FileTime.from(Instant.now().minusSeconds(60)));
      Instant before = Instant.now().minusSeconds(2); // after RENDERED, before any render, to the second
      run(tool, stdin, renderd, args);
      Set<String> changed = new TreeSet<>();
      for (String m : ToolsTest.metatiles(renderd.tiles())) {
        if (Files.getLastModifiedTime(renderd.tiles().resolve(m)).toInstant().isAfter(before)) {
          changed.add(m);
        }
      }
      return changed;
    }
  }

  private void run(String tool, String stdin, Peer renderd, String... args) throws Exception {
    String[] common = {"-s", renderd.socket(), "-t", renderd.tiles().toString(), "-n", "2"};
    ExternalProcess.Result result;
    if (tool.contains("_")) {
      String[] all = concat(common, args);
      if (tool.equals("render_old")) {
        // Debian's render_old always reads a config file: one naming this renderd and cache
        Path conf = new ClassicRenderdConf(Path.of(renderd.socket()), renderd.tiles())
            .map("default", dir.resolve("unused.xml")).writeTo(dir.resolve("old.conf"));
        all = concat(new String[] {"-c", conf.toString(), "-m", "default"}, all);
      }
      result = debian(tool, stdin, all);
    } else {
      result = ToolsTest.jtile(dir, stdin, concat(concat(new String[] {tool, "-N"}, common), args));
    }
    assertThat(result.exitCode()).as(tool + "\n" + result.output() + renderd.process().logTail()).isZero();
  }

  private ExternalProcess.Result debian(String tool, String stdin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Peers.require(tool, "renderd").toString()));
    command.addAll(Arrays.asList(args));
    return ExternalProcess.run(dir, Duration.ofSeconds(180), stdin, command);
  }

  /** When every test cache was rendered: the same for both copies, so their back-dated times compare. */
  private static final Instant RENDERED = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

  /** A cache of tiny metatiles over a corner of the world at z3-9, all rendered two days ago. */
  private static Path cache(Path tiles) throws IOException {
    Files.createDirectories(tiles);
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    byte[][] bytes = new byte[64][];
    Arrays.fill(bytes, "t".getBytes(StandardCharsets.US_ASCII));
    for (int z = 3; z <= 9; z++) {
      int across = Math.min(1 << z, 64);
      for (int x = 0; x < across; x += 8) {
        for (int y = 0; y < across; y += 8) {
          MetatileKey key = MetatileKey.containing("default", z, x, y);
          store.write(key, MetatileWriter.write(new MetatileCoord(key.coord().z(), key.coord().x(), key.coord().y()),
              bytes));
          Files.setLastModifiedTime(store.path(key), FileTime.from(RENDERED));
        }
      }
    }
    return tiles;
  }

  /** z/x/y lines at z7-11 around the cached corner (some beyond it), with repeats. */
  private static String expireList(Random random, int lines) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int z = 7 + random.nextInt(5);
      int span = Math.min(1 << z, 96 << Math.max(0, z - 9));
      out.append(z).append('/').append(random.nextInt(span)).append('/').append(random.nextInt(span)).append('\n');
    }
    return out.toString();
  }

  private static Set<String> touched(Path tiles) throws IOException {
    Set<String> touched = new TreeSet<>();
    for (String m : ToolsTest.metatiles(tiles)) {
      if (Files.getLastModifiedTime(tiles.resolve(m)).toInstant().isBefore(LONG_AGO)) {
        touched.add(m);
      }
    }
    return touched;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
