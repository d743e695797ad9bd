package org.jtile.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryTileStoreTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong();

  private static byte[] metatile(MetatileCoord at, String text) {
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, text.getBytes(StandardCharsets.US_ASCII));
    return MetatileWriter.write(at, tiles);
  }

  @Test
  void aRewriteByAnotherProcess_showsAfterTheRevalidationInterval() throws Exception {
    FileTileStore file = new FileTileStore(dir, Clock.systemUTC());
    MemoryTileStore memory = new MemoryTileStore(1 << 20, file, now::get);
    MetatileKey key = MetatileKey.containing("osm", 4, 0, 0);
    TileKey tile = new TileKey("osm", "", new TileCoord(4, 1, 1));
    file.write(key, metatile(key.coord(), "old"));
    assertThat(new String(memory.read(tile).orElseThrow().bytes(), StandardCharsets.US_ASCII)).isEqualTo("old");
    file.write(key, metatile(key.coord(), "new version"));
    assertThat(new String(memory.read(tile).orElseThrow().bytes(), StandardCharsets.US_ASCII)).isEqualTo("old");
    now.addAndGet(MemoryTileStore.REVALIDATE.toNanos());
    assertThat(new String(memory.read(tile).orElseThrow().bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("new version");
  }

  @Test
  void boundedInBytes() throws Exception {
    FileTileStore file = new FileTileStore(dir, Clock.systemUTC());
    MemoryTileStore memory = new MemoryTileStore(20_000, file, now::get);
    for (int x = 0; x < 64; x += 8) {
      MetatileKey key = MetatileKey.containing("osm", 6, x, 0);
      file.write(key, metatile(key.coord(), "x".repeat(50)));
      memory.read(new TileKey("osm", "", new TileCoord(6, x, 0)));
    }
    assertThat(memory.size()).isLessThan(8);
  }
}
