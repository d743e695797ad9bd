package org.jtile.frontend.hottiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.TileData;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.junit.jupiter.api.Test;

class TileCacheTest {
  private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
  private static final TileKey KEY = TileKey.of("osm", 5, 1, 1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private static TileCache.Entry entry(int bytes, Instant modified, long size, long checkedNanos) {
    return TileCache.Entry.of(new TileData(new byte[bytes], false), "\"e\"", new TileStat(size, modified, false),
        checkedNanos);
  }

  @Test
  void get_hitsOnlyWhileTheMetatileIsThatVersion() {
    TileCache cache = new TileCache(1 << 20, 0);
    cache.put(KEY, entry(100, T, 5000, 0));
    assertThat(cache.get(KEY, new TileStat(5000, T, false), 1)).isPresent();
    assertThat(cache.get(KEY, new TileStat(5000, T, true), 2)).as("expiry alone keeps the bytes").isPresent();
    assertThat(cache.get(KEY, new TileStat(5001, T, false), 3)).as("re-rendered: other size").isEmpty();
    assertThat(cache.get(KEY, new TileStat(5000, T, false), 4)).as("a stale entry is dropped").isEmpty();
    cache.put(KEY, entry(100, T, 5000, 0));
    assertThat(cache.get(KEY, new TileStat(5000, T.minusSeconds(1), false), 5)).as("back-dated").isEmpty();
    cache.put(KEY, entry(100, T, 5000, 0));
    assertThat(cache.get(KEY, TileStat.MISSING, 6)).as("deleted").isEmpty();
  }

  @Test
  void recent_trustsTheStatOnlyWithinTheRevalidationInterval() {
    TileCache cache = new TileCache(1 << 20, SECOND);
    cache.put(KEY, entry(100, T, 5000, 10 * SECOND));
    assertThat(cache.recent(KEY, 10 * SECOND + SECOND - 1)).isPresent();
    assertThat(cache.recent(KEY, 11 * SECOND)).isEmpty();
    // checked again and unchanged: trusted for another interval, with the latest expired flag
    assertThat(cache.get(KEY, new TileStat(5000, T, true), 11 * SECOND)).isPresent();
    assertThat(cache.recent(KEY, 12 * SECOND - 1)).hasValueSatisfying(e -> assertThat(e.stat().expired()).isTrue());
    assertThat(new TileCache(1 << 20, 0).recent(KEY, 0)).as("0 stats every time").isEmpty();
  }

  @Test
  void entriesCarryTheirValidatorsEncoded() {
    TileCache.Entry entry = entry(10, T, 1, 0);
    assertThat(entry.etag().getValue()).isEqualTo("\"e\"");
    assertThat(entry.lastModified().getValue()).isEqualTo("Fri, 20 Nov 2026 10:00:00 GMT");
  }

  @Test
  void boundedInBytes() {
    TileCache cache = new TileCache(100_000, SECOND);
    for (int i = 0; i < 1000; i++) {
      cache.put(TileKey.of("osm", 10, i, 0), entry(1000, T, 1, 0));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(100);
    TileCache off = new TileCache(0, SECOND);
    off.put(KEY, entry(10, T, 1, 0));
    assertThat(off.size()).isZero();
  }
}
