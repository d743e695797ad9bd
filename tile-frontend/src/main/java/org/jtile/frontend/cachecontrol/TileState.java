package org.jtile.frontend.cachecontrol;

import java.time.Duration;
import java.time.Instant;
import org.jtile.store.TileStat;

/** mod_tile's view of a tile before serving it ({@code tile_storage_hook} in mod_tile.c). */
public enum TileState {
  FRESH,
  /** Expired, but rendered less than the very-old threshold ago: re-render at low priority. */
  OLD,
  /** Expired and older than the threshold (or back-dated by an expiry): re-render at normal priority. */
  VERY_OLD,
  MISSING;

  public static TileState of(TileStat stat, Instant now, Duration veryOldThreshold) {
    if (!stat.exists()) {
      return MISSING;
    }
    if (!stat.expired()) {
      return FRESH;
    }
    return Duration.between(stat.modified(), now).compareTo(veryOldThreshold) < 0 ? OLD : VERY_OLD;
  }

  public boolean isStale() {
    return this == OLD || this == VERY_OLD;
  }
}
