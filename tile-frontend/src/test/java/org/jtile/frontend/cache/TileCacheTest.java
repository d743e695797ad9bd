package org.jtile.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jtile.metatile.TileData;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.junit.jupiter.api.Test;

class TileCacheTest {
  private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
  private static final TileKey KEY = TileKey.of("osm", 5, 1, 1);

  private static TileCache.Entry entry(int bytes, Instant modified, long size) {
    return new TileCache.Entry(new TileData(new byte[bytes], false), "\"e\"", modified, size);
  }

  @Test
  void hit_onlyWhileTheMetatileIsThatVersion() {
    TileCache cache = new TileCache(1 << 20);
    cache.put(KEY, entry(100, T, 5000));
    assertThat(cache.get(KEY, new TileStat(5000, T, false))).isPresent();
    assertThat(cache.get(KEY, new TileStat(5000, T, true))).as("expiry alone keeps the bytes").isPresent();
    assertThat(cache.get(KEY, new TileStat(5001, T, false))).as("re-rendered: other size").isEmpty();
    assertThat(cache.get(KEY, new TileStat(5000, T, false))).as("a stale entry is dropped").isEmpty();
    cache.put(KEY, entry(100, T, 5000));
    assertThat(cache.get(KEY, new TileStat(5000, T.minusSeconds(1), false))).as("back-dated").isEmpty();
  }

  @Test
  void boundedInBytes() {
    TileCache cache = new TileCache(100_000);
    for (int i = 0; i < 1000; i++) {
      cache.put(TileKey.of("osm", 10, i, 0), entry(1000, T, 1));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(100);
    TileCache off = new TileCache(0);
    off.put(KEY, entry(10, T, 1));
    assertThat(off.size()).isZero();
  }
}
