package org.jtile.store.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;

/**
 * {@code chain:<storage>|<storage>|…}: stores from fastest to most durable, e.g. {@code
 * chain:memcached://cache:11211|/var/cache/jtile/tiles}. The last is the primary.
 *
 * <ul>
 *   <li>Reads take the first layer that has the metatile and copy it into the faster layers that did not
 *       (best effort), so the next read is served from the fastest.
 *   <li>Writes, deletes and expiries go to the primary — whose failure is the caller's — and to every
 *       other layer that is up, best effort, so no layer keeps serving an old version.
 *   <li>A layer that fails is skipped with back-off ({@link Tier}) and reads are served from the layers
 *       that answer; only when no layer answers does a read fail, at once.
 * </ul>
 */
public final class ChainTileStore implements TileStore {
  private final List<Tier> layers = new ArrayList<>();
  private final Tier primary;

  public ChainTileStore(List<TileStore> stores) {
    this(stores, System::nanoTime);
  }

  ChainTileStore(List<TileStore> stores, LongSupplier nanoTime) {
    if (stores.size() < 2) {
      throw new IllegalArgumentException("a chain needs at least two stores: " + stores);
    }
    stores.forEach(s -> layers.add(new Tier(s, nanoTime)));
    primary = layers.get(layers.size() - 1);
  }

  @Override
  public Optional<Stored> readMetatile(MetatileKey key) throws IOException {
    List<Tier> missed = new ArrayList<>();
    IOException failure = null;
    boolean answered = false;
    for (Tier layer : layers) {
      if (!layer.up()) {
        continue;
      }
      Optional<Stored> stored;
      try {
        stored = layer.store.readMetatile(key);
        layer.succeeded();
        answered = true;
      } catch (IOException e) {
        layer.failed("read " + key, e);
        failure = e;
        continue;
      }
      if (stored.isPresent()) {
        fill(missed, key, stored.get());
        return stored;
      }
      missed.add(layer);
    }
    if (!answered) {
      throw new IOException("no storage of " + this + " answers" + (failure == null ? "" : ": " + failure.getMessage()),
          failure);
    }
    return Optional.empty();
  }

  /** Copies a metatile into faster layers, expired there too if it is expired where it was found. */
  private static void fill(List<Tier> faster, MetatileKey key, Stored stored) {
    for (Tier layer : faster) {
      try {
        layer.store.write(key, stored.metatile());
        if (stored.stat().expired()) {
          layer.store.expire(key);
        }
      } catch (IOException e) {
        layer.failed("fill " + key, e);
      }
    }
  }

  @Override
  public TileStat stat(TileKey key) throws IOException {
    return readMetatile(key.metatile()).map(Stored::stat).orElse(TileStat.MISSING);
  }

  @Override
  public void write(MetatileKey key, byte[] metatile) throws IOException {
    primary.store.write(key, metatile);
    forOthers(key, "write", store -> store.write(key, metatile));
  }

  @Override
  public boolean delete(MetatileKey key) throws IOException {
    forOthers(key, "delete", store -> store.delete(key));
    return primary.store.delete(key);
  }

  @Override
  public boolean expire(MetatileKey key) throws IOException {
    boolean expired = primary.store.expire(key);
    // a faster layer would keep serving the copy it has as fresh: drop it
    forOthers(key, "expire", store -> store.delete(key));
    return expired;
  }

  private interface Operation {
    void apply(TileStore store) throws IOException;
  }

  private void forOthers(MetatileKey key, String what, Operation operation) {
    for (Tier layer : layers) {
      if (layer != primary && layer.up()) {
        try {
          operation.apply(layer.store);
          layer.succeeded();
        } catch (IOException e) {
          layer.failed(what + " " + key, e);
        }
      }
    }
  }

  @Override
  public String id(TileKey key) {
    return primary.store.id(key);
  }

  /** Errors of each layer so far, fastest first; for metrics and tests. */
  public List<Long> errors() {
    return layers.stream().map(Tier::errors).toList();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Tier layer : layers) {
      try {
        layer.store.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "chain " + layers.stream().map(l -> l.store.toString()).toList();
  }
}
