package org.jtile.frontend.cachecontrol;

/**
 * mod_tile's cache-duration settings (ModTileCacheDuration*, ModTileCacheLastModifiedFactor,
 * ModTileCacheExtended*), in seconds.
 *
 * @param lowZoom zooms up to this get {@code lowSeconds} at least
 * @param mediumZoom zooms above lowZoom up to this get {@code mediumSeconds}; the rest {@code minimumSeconds}
 * @param staleWhileRevalidateSeconds added to stale tiles' Cache-Control (RFC 5861) so browsers and CDNs
 *     may show them while fetching the re-rendered tile; 0 leaves it out (not in mod_tile)
 */
public record CacheConfig(
    int maxSeconds,
    int dirtySeconds,
    int minimumSeconds,
    int mediumZoom,
    int mediumSeconds,
    int lowZoom,
    int lowSeconds,
    double lastModifiedFactor,
    String extendedHost,
    int extendedSeconds,
    int staleWhileRevalidateSeconds) {

  /** mod_tile's defaults. */
  public static final CacheConfig DEFAULT = new CacheConfig(604800, 900, 10800, 0, 86400, 0, 518400, 0.0, "", 0, 86400);

  public CacheConfig {
    for (int seconds : new int[] {maxSeconds, dirtySeconds, minimumSeconds, mediumSeconds, lowSeconds, extendedSeconds,
        staleWhileRevalidateSeconds}) {
      if (seconds < 0) {
        throw new IllegalArgumentException("cache durations must be >= 0 s: " + seconds);
      }
    }
    if (!(lastModifiedFactor >= 0)) {
      throw new IllegalArgumentException("last-modified factor must be >= 0: " + lastModifiedFactor);
    }
  }

  /** The least max-age at zoom {@code z} (mod_tile's per-zoom table). */
  int minimumFor(int z) {
    if (z <= lowZoom) {
      return lowSeconds;
    }
    return z <= mediumZoom ? mediumSeconds : minimumSeconds;
  }
}
