package org.jtile.store.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.jtile.testing.Memcached;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real memcached in a chain stopped under reads: the file layer keeps serving, quickly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChainOutageTest {
  @TempDir Path dir;

  @Test
  void memcachedStops_readsComeFromTheFileLayer_withoutWaitingOnTheDeadServer() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    try (Memcached memcached = Memcached.start(dir, 0);
        TileStore chain = TileStores.open("chain:" + memcached.storage() + "|" + tiles, Clock.systemUTC())) {
      byte[][] bytes = new byte[64][];
      Arrays.fill(bytes, "tile".getBytes(StandardCharsets.US_ASCII));
      for (int x = 0; x < 64; x += 8) {
        MetatileKey key = MetatileKey.containing("osm", 6, x, 0);
        chain.write(key, MetatileWriter.write(key.coord(), bytes));
      }
      memcached.kill();
      long start = System.nanoTime();
      int served = 0;
      for (int i = 0; i < 400; i++) {
        if (chain.read(new TileKey("osm", "", new TileCoord(6, (i * 8) % 64, 1))).isPresent()) {
          served++;
        }
      }
      assertThat(served).isEqualTo(400);
      // one time-out at most, then the layer is skipped for its back-off
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(8));
      assertThat(((ChainTileStore) chain).errors().get(0)).isBetween(1L, 3L);
    }
  }
}
