package org.jtile.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileFormatException;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileData;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTileStoreTest {
  @TempDir Path dir;
  private FileTileStore store;

  @BeforeEach
  void setUp() {
    store = new FileTileStore(dir, Clock.systemUTC());
  }

  /** A metatile whose every tile says which version and slot it is, padded to {@code pad} bytes. */
  static byte[] metatile(MetatileCoord at, String version, int pad) {
    byte[][] tiles = new byte[64][];
    for (int i = 0; i < 64; i++) {
      String text = version + ":" + i + ";";
      tiles[i] = (text + "x".repeat(Math.max(0, pad - text.length()))).getBytes(StandardCharsets.US_ASCII);
    }
    return MetatileWriter.write(at, tiles);
  }

  @Test
  void write_thenRead_everyTileComesBackFromTheHashedPath() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 9, 297, 191);
    store.write(key, metatile(key.coord(), "v1", 0));

    assertThat(dir.resolve("default/9/0/0/16/43/136.meta")).isRegularFile();
    TileData tile = store.read(TileKey.of("default", 9, 297, 191)).orElseThrow();
    assertThat(new String(tile.bytes(), StandardCharsets.US_ASCII)).isEqualTo("v1:15;");
    assertThat(store.id(TileKey.of("default", 9, 297, 191)))
        .isEqualTo("file://" + dir.toAbsolutePath() + "/default/9/0/0/16/43/136.meta");
  }

  @Test
  void write_options_goToTheirOwnFile() throws Exception {
    MetatileKey en = new MetatileKey("osm", "en", MetatileCoord.containing(3, 0, 0));
    store.write(en, metatile(en.coord(), "en", 0));
    assertThat(dir.resolve("osm/3/0/0/0/0/0.en.meta")).isRegularFile();
    assertThat(store.read(TileKey.of("osm", 3, 0, 0))).isEmpty();
  }

  @Test
  void write_leavesNoTemporaryFiles_andUsesTheUmaskLikeAnyNewFile() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 5, 3, 3);
    store.write(key, metatile(key.coord(), "a", 0));
    store.write(key, metatile(key.coord(), "b", 0));
    Path file = store.path(key);
    try (var siblings = Files.list(file.getParent())) {
      assertThat(siblings).containsExactly(file);
    }
    Path reference = Files.createFile(file.resolveSibling("reference"));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
  }

  @Test
  void readAndStat_missingMetatile_areEmptyNotErrors() throws Exception {
    TileKey key = TileKey.of("default", 4, 1, 1);
    assertThat(store.read(key)).isEmpty();
    assertThat(store.stat(key)).isEqualTo(TileStat.MISSING);
    assertThat(store.delete(key.metatile())).isFalse();
    assertThat(store.expire(key.metatile())).isFalse();
  }

  @Test
  void stat_freshWrite_isNotExpired_untilThePlanetIsNewer() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 6, 10, 10);
    byte[] bytes = metatile(key.coord(), "v", 0);
    store.write(key, bytes);
    TileKey tile = TileKey.of("default", 6, 10, 10);
    TileStat stat = store.stat(tile);
    assertThat(stat.size()).isEqualTo(bytes.length);
    assertThat(stat.expired()).isFalse();
    assertThat(stat.modified()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));

    Path planet = Files.createFile(dir.resolve("planet-import-complete"));
    Files.setLastModifiedTime(planet, FileTime.from(Instant.now().plusSeconds(60)));
    FileTileStore fresh = new FileTileStore(dir, Clock.systemUTC());
    assertThat(fresh.stat(tile).expired()).isTrue();

    // the style's own timestamp wins over the root's
    Path stylePlanet = Files.createFile(dir.resolve("default/planet-import-complete"));
    Files.setLastModifiedTime(stylePlanet, FileTime.from(Instant.now().minusSeconds(3600)));
    assertThat(new FileTileStore(dir, Clock.systemUTC()).stat(tile).expired()).isFalse();
  }

  @Test
  void stat_withoutPlanetFile_metatilesOlderThanThreeDaysAreExpired() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 6, 10, 10);
    store.write(key, metatile(key.coord(), "v", 0));
    Files.setLastModifiedTime(store.path(key), FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    assertThat(store.stat(TileKey.of("default", 6, 10, 10)).expired()).isTrue();
  }

  @Test
  void expire_backDatesTwentyYears_once() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 6, 10, 10);
    store.write(key, metatile(key.coord(), "v", 0));
    Instant written = Instant.parse("2024-02-29T10:15:30.250Z");
    Files.setLastModifiedTime(store.path(key), FileTime.from(written));

    assertThat(store.expire(key)).isTrue();
    Instant expired = Files.getLastModifiedTime(store.path(key)).toInstant();
    assertThat(expired).isEqualTo(Expiry.backDate(written).orElseThrow());
    assertThat(store.stat(TileKey.of("default", 6, 10, 10)).expired()).isTrue();
    assertThat(store.read(TileKey.of("default", 6, 10, 10))).isPresent();

    assertThat(store.expire(key)).isTrue();
    assertThat(Files.getLastModifiedTime(store.path(key)).toInstant()).isEqualTo(expired);
  }

  @Test
  void delete_removesTheMetatile() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 6, 10, 10);
    store.write(key, metatile(key.coord(), "v", 0));
    assertThat(store.delete(key)).isTrue();
    assertThat(store.stat(TileKey.of("default", 6, 10, 10)).exists()).isFalse();
  }

  @Test
  void read_corruptOrTruncatedMetatile_namesTheFile() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 6, 10, 10);
    Files.createDirectories(store.path(key).getParent());
    Files.write(store.path(key), new byte[100]);
    assertThatThrownBy(() -> store.read(TileKey.of("default", 6, 10, 10)))
        .isInstanceOf(MetatileFormatException.class)
        .hasMessage(store.path(key) + ": metatile is 100 bytes, too small for the 532-byte header");
    Files.write(store.path(key), new byte[0]);
    assertThatThrownBy(() -> store.read(TileKey.of("default", 6, 10, 10)))
        .isInstanceOf(MetatileFormatException.class);
  }

  @Test
  void keys_thatWouldLeaveTheTileDir_cannotBeBuilt() {
    assertThatThrownBy(() -> TileKey.of("..", 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MetatileKey("a", "../../x", new MetatileCoord(0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileKey.of("default", 3, 8, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentWritersOfOneMetatile_readersNeverSeeAHalfWrittenOne() throws Exception {
    MetatileKey key = MetatileKey.containing("default", 12, 2200, 1343);
    TileKey tile = TileKey.of("default", 12, 2200, 1343);
    store.write(key, metatile(key.coord(), "w0", 2000));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 1; w <= 2; w++) {
        String version = "w" + w;
        writers.add(
            pool.submit(
                () -> {
                  int n = 0;
                  for (; n < 300; n++) {
                    store.write(key, metatile(key.coord(), version, 2000 + n));
                  }
                  return n;
                }));
      }
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  int reads = 0;
                  while (!stop.get()) {
                    String text = new String(store.read(tile).orElseThrow().bytes(), StandardCharsets.US_ASCII);
                    assertThat(text).matches("w[012]:" + tile.tile().slot() + ";x*");
                    reads++;
                  }
                  return reads;
                }));
      }
      for (Future<Integer> writer : writers) {
        assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(300);
      }
      stop.set(true);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    try (var siblings = Files.list(store.path(key).getParent())) {
      assertThat(siblings).containsExactly(store.path(key));
    }
  }

  private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
    return new org.assertj.core.data.TemporalUnitWithinOffset(d.toMillis(), java.time.temporal.ChronoUnit.MILLIS);
  }
}
