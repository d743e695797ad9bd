package org.jtile.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.testing.FakeClock;
import org.jtile.testing.S3Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A planet import marked by an object makes older metatiles stale, as the file does for the file store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3PlanetTimestampTest {
  @TempDir Path dir;

  @Test
  void planetImportCompleteObject_makesOlderMetatilesStale() throws Exception {
    try (S3Proxy server = S3Proxy.start(dir)) {
      S3Buckets.create(server.endpoint(), "tiles", S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
      TileKey tile = new TileKey("osm", "", new TileCoord(5, 1, 1));
      MetatileKey key = tile.metatile();
      byte[][] tiles = new byte[64][];
      Arrays.fill(tiles, new byte[] {1});
      // times are whole seconds, as mod_tile keeps them: the import and the renders are seconds apart
      FakeClock clock = FakeClock.startingNow();
      try (S3TileStore store = new S3TileStore(server.storage("tiles", "p"), clock)) {
        store.write(key, MetatileWriter.write(key.coord(), tiles));
        assertThat(store.stat(tile).expired()).isFalse();
      }
      clock.advance(Duration.ofSeconds(2));
      // the import's marker: any object of that name; its time counts
      try (S3TileStore marker = new S3TileStore(server.storage("tiles", "p/osm"), clock)) {
        marker.putMarker("planet-import-complete");
      }
      try (S3TileStore store = new S3TileStore(server.storage("tiles", "p"), clock)) {
        assertThat(store.stat(tile).expired()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        store.write(key, MetatileWriter.write(key.coord(), tiles));
        assertThat(store.stat(tile).expired()).as("rendered after the import").isFalse();
      }
    }
  }
}
