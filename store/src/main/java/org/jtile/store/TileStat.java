package org.jtile.store;

import java.time.Instant;

/**
 * What a store knows about the metatile holding a tile, without reading it.
 *
 * @param size bytes of the stored metatile, or -1 if there is none
 * @param modified when it was last written (or back-dated by an expiry)
 * @param expired it is older than the planet import, or was explicitly expired: serve it, but
 *     re-render it
 */
public record TileStat(long size, Instant modified, boolean expired) {
  public static final TileStat MISSING = new TileStat(-1, Instant.EPOCH, false);

  public boolean exists() {
    return size >= 0;
  }
}
