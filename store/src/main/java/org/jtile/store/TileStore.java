package org.jtile.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.jtile.metatile.MetatileFormatException;
import org.jtile.metatile.MetatileReader;
import org.jtile.metatile.TileData;

/**
 * Where metatiles live: mod_tile's storage backend ({@code store.h}). Both daemons pick one per layer
 * with a storage string (see {@link TileStores#open}).
 *
 * <p><b>Threading.</b> Implementations are safe for concurrent use by any number of threads; a
 * reader never sees half a metatile while a writer replaces it.
 *
 * <p><b>Errors.</b> A missing metatile or tile is not an error: it is an empty result or {@link
 * TileStat#MISSING}. A corrupt metatile is a {@link MetatileFormatException}; a backend that cannot
 * be reached or written is another {@link IOException}. Messages name the metatile. Keys are validated
 * when built, so no key can address anything outside the store.
 *
 * <p>{@link #close} is idempotent.
 */
public interface TileStore extends Closeable {
  /**
   * One tile's bytes, or empty if the metatile or the tile within it does not exist. By default the tile
   * is cut out of {@link #readMetatile}; a store that can read one tile alone (the file store) does.
   */
  default Optional<TileData> read(TileKey key) throws IOException {
    Optional<Stored> stored = readMetatile(key.metatile());
    return stored.isEmpty() ? Optional.empty()
        : MetatileReader.readTile(ByteBuffer.wrap(stored.get().metatile()), key.tile().slot());
  }

  /** The size, modification time and expiry of the metatile holding {@code key}. */
  TileStat stat(TileKey key) throws IOException;

  /** Whether the metatile exists: all render-expired asks of the metatiles it re-renders. */
  default boolean exists(MetatileKey key) throws IOException {
    return stat(new TileKey(key.style(), key.options(), key.coord().tile(0, 0))).exists();
  }

  /**
   * A whole metatile and its stat, or empty if there is none: what layered stores copy between their
   * layers.
   */
  Optional<Stored> readMetatile(MetatileKey key) throws IOException;

  /** A metatile's bytes (mod_tile's format) with the stat they were read with. */
  record Stored(byte[] metatile, TileStat stat) {}

  /** Stores a whole metatile (mod_tile's format), replacing any previous one atomically. */
  void write(MetatileKey key, byte[] metatile) throws IOException;

  /** Removes the metatile; false if there was none. */
  boolean delete(MetatileKey key) throws IOException;

  /**
   * Marks the metatile expired so it is served but re-rendered, the way mod_tile does it for this
   * backend; false if there was none.
   */
  boolean expire(MetatileKey key) throws IOException;

  /** A human-readable address of the tile's metatile, for logs and status pages. */
  String id(TileKey key);
}
