package org.jtile.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;

/**
 * {@code memory:<size>:<storage>}: whole metatiles in memory, least recently used first out, bounded in
 * bytes (Caffeine), in front of another store — GeoWebCache's MemoryBlobStore idea.
 *
 * <p>Writes go through to the inner store and replace the cached copy; delete and expire go through and
 * drop it. A cached metatile's stat is trusted for {@link #REVALIDATE} (the planet timestamp is cached as
 * long), then asked of the inner store again, so a re-render by another process or a planet import shows
 * within a second.
 */
public final class MemoryTileStore implements TileStore {
  static final Duration REVALIDATE = Duration.ofSeconds(1);

  private record Entry(byte[] metatile, TileStat stat, long checkedNanos) {}

  private final TileStore inner;
  private final Cache<MetatileKey, Entry> entries;
  private final LongSupplier nanoTime;

  public MemoryTileStore(long maxBytes, TileStore inner) {
    this(maxBytes, inner, System::nanoTime);
  }

  MemoryTileStore(long maxBytes, TileStore inner, LongSupplier nanoTime) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("memory store size must be >= 0 bytes: " + maxBytes);
    }
    this.inner = inner;
    this.nanoTime = nanoTime;
    this.entries = Caffeine.newBuilder().maximumWeight(maxBytes)
        .weigher((MetatileKey k, Entry e) -> e.metatile().length + 100).build();
  }

  /** The cached metatile, loaded from the inner store when absent or due for revalidation. */
  private Optional<Entry> entry(MetatileKey key) throws IOException {
    long now = nanoTime.getAsLong();
    Entry cached = entries.getIfPresent(key);
    if (cached != null && now - cached.checkedNanos() < REVALIDATE.toNanos()) {
      return Optional.of(cached);
    }
    if (cached != null) {
      TileStat stat = inner.stat(new TileKey(key.style(), key.options(), key.coord().tile(0, 0)));
      if (stat.exists() && stat.modified().equals(cached.stat().modified()) && stat.size() == cached.stat().size()) {
        Entry checked = new Entry(cached.metatile(), stat, now);
        entries.asMap().replace(key, cached, checked);
        return Optional.of(checked);
      }
    }
    Optional<Stored> stored = inner.readMetatile(key);
    if (stored.isEmpty()) {
      entries.invalidate(key);
      return Optional.empty();
    }
    Entry loaded = new Entry(stored.get().metatile(), stored.get().stat(), now);
    entries.put(key, loaded);
    return Optional.of(loaded);
  }

  @Override
  public TileStat stat(TileKey key) throws IOException {
    return entry(key.metatile()).map(Entry::stat).orElse(TileStat.MISSING);
  }

  @Override
  public Optional<Stored> readMetatile(MetatileKey key) throws IOException {
    return entry(key).map(e -> new Stored(e.metatile(), e.stat()));
  }

  @Override
  public void write(MetatileKey key, byte[] metatile) throws IOException {
    entries.invalidate(key);
    inner.write(key, metatile);
  }

  @Override
  public boolean delete(MetatileKey key) throws IOException {
    entries.invalidate(key);
    return inner.delete(key);
  }

  @Override
  public boolean expire(MetatileKey key) throws IOException {
    entries.invalidate(key);
    return inner.expire(key);
  }

  @Override
  public String id(TileKey key) {
    return "memory+" + inner.id(key);
  }

  /** Metatiles held now; for tests and metrics. */
  public long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  @Override
  public void close() throws IOException {
    entries.invalidateAll();
    inner.close();
  }

  @Override
  public String toString() {
    return "memory store over " + inner;
  }
}
