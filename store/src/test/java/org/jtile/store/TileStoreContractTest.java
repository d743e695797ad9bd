package org.jtile.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for every backend, opened by its storage string as the daemons open it. */
class TileStoreContractTest {
  @TempDir Path dir;
  /** Servers the current test started; stopped after it. */
  private static final List<AutoCloseable> SERVERS = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable server : SERVERS) {
      server.close();
    }
    SERVERS.clear();
  }

  /** A fresh memcached for one test (Debian's, on a free loopback port). */
  private static String memcached(Path dir) {
    org.jtile.testing.Memcached server = org.jtile.testing.Memcached.start(dir, 0);
    SERVERS.add(server);
    return server.storage();
  }

  /** A fresh S3Proxy with a bucket for one test. */
  private static String s3(Path dir) {
    org.jtile.testing.S3Proxy server = org.jtile.testing.S3Proxy.start(dir);
    SERVERS.add(server);
    org.jtile.store.s3.S3Buckets.create(server.endpoint(), "tiles", org.jtile.testing.S3Proxy.IDENTITY,
        org.jtile.testing.S3Proxy.CREDENTIAL);
    return server.storage("tiles", "planet");
  }

  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of("s3", (Function<Path, String>) TileStoreContractTest::s3),
        Arguments.of("memcached", (Function<Path, String>) TileStoreContractTest::memcached),
        Arguments.of("chain memory|memcached|file", (Function<Path, String>) d -> "chain:memory:64KiB:"
            + d.resolve("b") + "|" + memcached(d) + "|" + d.resolve("a")),
        Arguments.of("file", (Function<Path, String>) d -> d.resolve("a").toString()),
        Arguments.of("memory", (Function<Path, String>) d -> "memory:1MiB:" + d.resolve("a")),
        Arguments.of("chain of files", (Function<Path, String>) d -> "chain:" + d.resolve("b") + "|" + d.resolve("a")),
        Arguments.of("chain memory|file", (Function<Path, String>) d -> "chain:memory:64KiB:" + d.resolve("b") + "|"
            + d.resolve("a")));
  }

  private TileStore open(Function<Path, String> storage) throws Exception {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    return TileStores.open(storage.apply(dir), Clock.systemUTC());
  }

  private static byte[] metatile(MetatileCoord at, String version) {
    byte[][] tiles = new byte[Metatile.COUNT][];
    for (int i = 0; i < tiles.length; i++) {
      tiles[i] = (version + " " + i).getBytes(StandardCharsets.US_ASCII);
    }
    return MetatileWriter.write(at, tiles);
  }

  private static String tile(TileStore store, TileKey key) throws Exception {
    return store.read(key).map(t -> new String(t.bytes(), StandardCharsets.US_ASCII)).orElse(null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void writeReadStatExpireDelete(String name, Function<Path, String> storage) throws Exception {
    try (TileStore store = open(storage)) {
      MetatileKey key = MetatileKey.containing("osm", 10, 512, 384);
      TileKey tile = new TileKey("osm", "", new TileCoord(10, 515, 389));
      assertThat(store.stat(tile)).isEqualTo(TileStat.MISSING);
      assertThat(store.exists(key)).isFalse();
      assertThat(store.read(tile)).isEmpty();
      assertThat(store.readMetatile(key)).isEmpty();

      byte[] bytes = metatile(key.coord(), "v1");
      store.write(key, bytes);
      assertThat(store.exists(key)).isTrue();
      assertThat(tile(store, tile)).isEqualTo("v1 " + tile.tile().slot());
      assertThat(store.stat(tile).size()).isEqualTo(bytes.length);
      assertThat(store.stat(tile).expired()).isFalse();
      assertThat(store.readMetatile(key).orElseThrow().metatile()).isEqualTo(bytes);
      assertThat(store.id(tile)).contains("osm");

      assertThat(store.expire(key)).isTrue();
      assertThat(store.stat(tile).expired()).isTrue();
      assertThat(tile(store, tile)).as("expired tiles are still served").isEqualTo("v1 " + tile.tile().slot());
      assertThat(store.stat(tile).expired()).as("still expired after being served").isTrue();
      store.write(key, metatile(key.coord(), "v2"));
      assertThat(store.stat(tile).expired()).isFalse();
      assertThat(tile(store, tile)).isEqualTo("v2 " + tile.tile().slot());

      assertThat(store.delete(key)).isTrue();
      assertThat(store.stat(tile)).isEqualTo(TileStat.MISSING);
      assertThat(store.exists(key)).isFalse();
      assertThat(store.read(tile)).isEmpty();
      assertThat(store.delete(key)).isFalse();
      assertThat(store.expire(key)).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void optionsAreSeparateMetatiles(String name, Function<Path, String> storage) throws Exception {
    try (TileStore store = open(storage)) {
      MetatileCoord at = new MetatileCoord(5, 8, 8);
      store.write(new MetatileKey("osm", "", at), metatile(at, "plain"));
      store.write(new MetatileKey("osm", "de", at), metatile(at, "german"));
      assertThat(tile(store, new TileKey("osm", "de", new TileCoord(5, 8, 8)))).isEqualTo("german 0");
      assertThat(tile(store, new TileKey("osm", "", new TileCoord(5, 8, 8)))).isEqualTo("plain 0");
      assertThat(tile(store, new TileKey("osm", "fr", new TileCoord(5, 8, 8)))).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void concurrentWritersOfOneMetatile_readersSeeOneWholeVersion(String name, Function<Path, String> storage)
      throws Exception {
    try (TileStore store = open(storage)) {
      MetatileKey key = MetatileKey.containing("osm", 12, 0, 0);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          String version = "w" + w;
          writes.add(pool.submit(() -> {
            for (int i = 0; i < 20; i++) {
              store.write(key, metatile(key.coord(), version));
            }
            return null;
          }));
        }
        Set<String> seen = new HashSet<>();
        while (writes.stream().anyMatch(f -> !f.isDone())) {
          String first = tile(store, new TileKey("osm", "", new TileCoord(12, 0, 0)));
          if (first != null) {
            seen.add(first.substring(0, first.indexOf(' ')));
          }
        }
        for (Future<?> f : writes) {
          f.get();
        }
        TileStore.Stored last = store.readMetatile(key).orElseThrow();
        String version = new String(last.metatile(), StandardCharsets.US_ASCII);
        assertThat(seen).allMatch(v -> v.matches("w[0-7]"));
        // every tile of the final metatile comes from one writer
        String firstTile = tile(store, new TileKey("osm", "", new TileCoord(12, 0, 0)));
        String writer = firstTile.substring(0, firstTile.indexOf(' '));
        for (int x = 0; x < 8; x++) {
          assertThat(tile(store, new TileKey("osm", "", new TileCoord(12, x, 7)))).startsWith(writer + " ");
        }
        assertThat(version).contains(writer + " 63");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void badKeys_cannotBeBuilt(String name, Function<Path, String> storage) throws Exception {
    try (TileStore store = open(storage)) {
      assertThatThrownBy(() -> new MetatileKey("../etc", "", new MetatileCoord(0, 0, 0)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new TileKey("osm", "a/b", new TileCoord(0, 0, 0)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new MetatileCoord(3, 9, 0)).isInstanceOf(IllegalArgumentException.class);
      assertThat(store.stat(new TileKey("osm", "", new TileCoord(0, 0, 0)))).isEqualTo(TileStat.MISSING);
    }
  }

  @org.junit.jupiter.api.Test
  void badStorageStrings_failWithTheRule() {
    assertThatThrownBy(() -> TileStores.open("memory:lots:/tmp", Clock.systemUTC()))
        .hasMessageContaining("memory storage size must be like 64MiB: lots");
    assertThatThrownBy(() -> TileStores.open("memory:64MiB", Clock.systemUTC()))
        .hasMessageContaining("memory:<size>:<storage>");
    assertThatThrownBy(() -> TileStores.open("chain:" + dir, Clock.systemUTC()))
        .hasMessageContaining("a chain needs at least two stores");
    assertThatThrownBy(() -> TileStores.open("chain:" + dir + "|relative", Clock.systemUTC()))
        .hasMessageContaining("no valid storage backend found for \"relative\"");
  }
}
