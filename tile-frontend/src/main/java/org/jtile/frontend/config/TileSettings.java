package org.jtile.frontend.config;

import java.time.Duration;

/**
 * What the frontend offers besides tiles, and how it holds them.
 *
 * @param statusUrl {@code …/status} answers (ModTileEnableStatusURL)
 * @param dirtyUrl {@code …/dirty} answers (ModTileEnableDirtyURL)
 * @param veryOldThreshold stale tiles rendered longer ago than this are re-rendered at normal priority
 * @param hotCacheBytes memory for popular tiles; 0 for none
 * @param revalidate how long a cached tile's metatile stat is trusted before the file is checked again
 * @param stats counters on {@code /mod_tile} and {@code /metrics} (ModTileEnableStats)
 */
public record TileSettings(
    boolean statusUrl, boolean dirtyUrl, Duration veryOldThreshold, long hotCacheBytes, Duration revalidate,
    boolean stats) {

  /** mod_tile's defaults and a 64 MiB hot-tile cache. */
  public static final TileSettings DEFAULT = new TileSettings(true, true, Duration.ofDays(365), 64L << 20,
      Duration.ofSeconds(1), true);

  public TileSettings {
    if (veryOldThreshold.isNegative()) {
      throw new IllegalArgumentException("must be >= 0: " + veryOldThreshold);
    }
    if (revalidate.isNegative()) {
      throw new IllegalArgumentException("must be >= 0: " + revalidate);
    }
    if (hotCacheBytes < 0) {
      throw new IllegalArgumentException("must be >= 0 bytes: " + hotCacheBytes);
    }
  }
}
