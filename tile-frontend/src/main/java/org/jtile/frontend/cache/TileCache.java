package org.jtile.frontend.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.Optional;
import org.jtile.metatile.TileData;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;

/**
 * Popular tiles in memory, bounded in bytes (Caffeine's size-aware eviction), so they are served
 * without opening their metatile or hashing them again. An entry is used only while the metatile's
 * modification time and size are still those it was read at: a re-render or an expiry (which back-dates
 * the file) makes it stale at once, without any notification.
 */
public final class TileCache {
  /** A cached tile, its validator, and the metatile version it came from. */
  public record Entry(TileData data, String etag, Instant modified, long metatileSize) {
    boolean matches(TileStat stat) {
      return stat.modified().equals(modified) && stat.size() == metatileSize;
    }
  }

  private final Cache<TileKey, Entry> entries;

  /** @param maxBytes the most tile bytes held; 0 disables the cache */
  public TileCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("hot tile cache size must be >= 0 bytes: " + maxBytes);
    }
    entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((TileKey key, Entry entry) -> entry.data().bytes().length + 200)
        .build();
  }

  /** The cached tile if it is the version {@code stat} describes. */
  public Optional<Entry> get(TileKey key, TileStat stat) {
    Entry entry = entries.getIfPresent(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.matches(stat)) {
      entries.asMap().remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  public void put(TileKey key, Entry entry) {
    entries.put(key, entry);
  }

  /** Tiles held now; for tests and metrics. */
  public long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
