package org.jtile.store.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering, filling and outage survival, with real file stores (a broken one has a file for a folder). */
class ChainTileStoreTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  private static byte[] metatile(MetatileCoord at) {
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, "tile".getBytes(StandardCharsets.US_ASCII));
    return MetatileWriter.write(at, tiles);
  }

  @Test
  void readFromThePrimary_fillsTheFasterLayer() throws Exception {
    FileTileStore fast = new FileTileStore(Files.createDirectories(dir.resolve("fast")), Clock.systemUTC());
    FileTileStore primary = new FileTileStore(Files.createDirectories(dir.resolve("primary")), Clock.systemUTC());
    MetatileKey key = MetatileKey.containing("osm", 6, 8, 8);
    primary.write(key, metatile(key.coord()));
    ChainTileStore chain = new ChainTileStore(List.of(fast, primary), now::get);
    assertThat(chain.read(new TileKey("osm", "", new TileCoord(6, 9, 9)))).isPresent();
    assertThat(fast.readMetatile(key)).isPresent();
  }

  @Test
  void failingFastLayer_isSkippedWithBackOff_thenUsedAgain() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken"), "a file where a folder should be");
    FileTileStore fast = new FileTileStore(broken, Clock.systemUTC());
    FileTileStore primary = new FileTileStore(Files.createDirectories(dir.resolve("primary")), Clock.systemUTC());
    MetatileKey key = MetatileKey.containing("osm", 6, 8, 8);
    primary.write(key, metatile(key.coord()));
    ChainTileStore chain = new ChainTileStore(List.of(fast, primary), now::get);
    TileKey tile = new TileKey("osm", "", new TileCoord(6, 9, 9));
    for (int i = 0; i < 100; i++) {
      assertThat(chain.read(tile)).isPresent();
    }
    assertThat(chain.errors()).as("tried once, then skipped during the back-off").containsExactly(1L, 0L);

    // back: the folder exists again and the back-off has passed
    Files.delete(broken);
    Files.createDirectories(broken);
    now.addAndGet(2_000_000_000L);
    assertThat(chain.read(tile)).isPresent();
    assertThat(fast.readMetatile(key)).as("filled again").isPresent();
    assertThat(chain.errors()).containsExactly(1L, 0L);
  }

  @Test
  void noLayerAnswering_isAnErrorAtOnce_andAPrimaryWriteFailureIsTheCallers() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "x");
    Path b = Files.writeString(dir.resolve("b"), "x");
    ChainTileStore chain = new ChainTileStore(List.of(new FileTileStore(a, Clock.systemUTC()),
        new FileTileStore(b, Clock.systemUTC())), now::get);
    MetatileKey key = MetatileKey.containing("osm", 6, 8, 8);
    assertThatThrownBy(() -> chain.read(new TileKey("osm", "", new TileCoord(6, 8, 8))))
        .isInstanceOf(IOException.class).hasMessageContaining("no storage of chain");
    assertThatThrownBy(() -> chain.write(key, metatile(key.coord()))).isInstanceOf(IOException.class);
  }
}
