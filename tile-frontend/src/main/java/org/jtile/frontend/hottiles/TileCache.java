package org.jtile.frontend.hottiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.jtile.frontend.cachecontrol.Expiry;
import org.jtile.metatile.TileData;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;

/**
 * Popular tiles in memory, bounded in bytes (Caffeine's size-aware eviction), so they are served
 * without opening their metatile or hashing them again.
 *
 * <p>Each entry remembers the metatile's stat it was read or last checked with. Within the revalidation
 * interval that stat is trusted as it is ({@link #recent}): a popular tile costs no system call at all.
 * After it the metatile is stat'ed again and the entry used only while its modification time and size
 * are still the same ({@link #get}), so a re-render or an expiry (which back-dates the file) shows within
 * the interval, without any notification — as the planet timestamp, which is cached as long.
 *
 * <p>Entries carry their validators as header fields encoded once (Jetty's {@link PreEncodedHttpField}),
 * so a hot tile's ETag and Last-Modified are copied into the response, not formatted for each; its
 * Cache-Control and Expires are kept for the second they were built for.
 */
public final class TileCache {
  /**
   * A cached tile, its validators as header fields encoded once, and the metatile version it came from.
   *
   * @param etag mod_tile's ETag of {@code data}
   * @param lastModified the metatile's modification time; the same for the entry's life ({@link #matches})
   * @param checkedNanos System.nanoTime() when {@code stat} was read from the store
   * @param lastExpiry the Cache-Control and Expires of its latest response, or null: replaced by whichever
   *     thread finds them out of date, without locks (two threads of the same second may both build them)
   */
  public record Entry(TileData data, HttpField etag, HttpField lastModified, TileStat stat, long checkedNanos,
      AtomicReference<Expiry> lastExpiry) {
    /** An entry for {@code data} with the quoted ETag {@code etag}, read with {@code stat} at {@code checkedNanos}. */
    public static Entry of(TileData data, String etag, TileStat stat, long checkedNanos) {
      return new Entry(data, new PreEncodedHttpField(HttpHeader.ETAG, etag),
          new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(stat.modified())), stat,
          checkedNanos, new AtomicReference<>());
    }

    boolean matches(TileStat other) {
      return other.exists() && other.modified().equals(stat.modified()) && other.size() == stat.size();
    }

    Entry checkedAt(TileStat latest, long nanos) {
      return new Entry(data, etag, lastModified, latest, nanos, lastExpiry);
    }
  }

  private final Cache<TileKey, Entry> entries;
  private final long revalidateNanos;

  /**
   * @param maxBytes the most tile bytes held; 0 disables the cache
   * @param revalidateNanos how long a metatile's stat is trusted; 0 stats on every request
   */
  public TileCache(long maxBytes, long revalidateNanos) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("hot tile cache size must be >= 0 bytes: " + maxBytes);
    }
    if (revalidateNanos < 0) {
      throw new IllegalArgumentException("hot tile revalidation must be >= 0: " + revalidateNanos);
    }
    this.revalidateNanos = revalidateNanos;
    entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((TileKey key, Entry entry) -> entry.data().bytes().length + 300)
        .build();
  }

  /** The cached tile if its stat was checked within the revalidation interval before {@code nowNanos}. */
  public Optional<Entry> recent(TileKey key, long nowNanos) {
    Entry entry = entries.getIfPresent(key);
    return entry != null && nowNanos - entry.checkedNanos() < revalidateNanos ? Optional.of(entry) : Optional.empty();
  }

  /** The cached tile if it is the version {@code stat} (read at {@code nowNanos}) describes. */
  public Optional<Entry> get(TileKey key, TileStat stat, long nowNanos) {
    Entry entry = entries.getIfPresent(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.matches(stat)) {
      entries.asMap().remove(key, entry);
      return Optional.empty();
    }
    if (revalidateNanos > 0 && entry.checkedNanos() != nowNanos) {
      // the expired flag may have changed with the planet timestamp: keep the latest stat
      Entry checked = entry.checkedAt(stat, nowNanos);
      entries.asMap().replace(key, entry, checked);
      return Optional.of(checked);
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
