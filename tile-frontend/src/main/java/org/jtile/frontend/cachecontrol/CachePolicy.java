package org.jtile.frontend.cachecontrol;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * How long clients may cache a tile: mod_tile's max-age rules ({@code add_expiry} in mod_tile.c), a pure
 * function of the tile's state, zoom, age and the request's host, with the random jitter injected so it
 * can be tested.
 *
 * <ol>
 *   <li>a request whose Host contains the extended host name gets the extended duration, uncapped;
 *   <li>a stale tile gets the dirty duration plus up to half of it again, so clients come back soon
 *       after the re-render;
 *   <li>otherwise the zoom's minimum or the tile's age times the last-modified factor, whichever is
 *       larger, plus up to three hours, so a whole map's tiles do not expire at the same second.
 * </ol>
 * Rules 2 and 3 are capped at the maximum duration.
 */
public final class CachePolicy {
  private static final int JITTER_SECONDS = 10800;

  private final CacheConfig config;
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1), like mod_tile's {@code rand() / (RAND_MAX + 1.0)} */
  public CachePolicy(CacheConfig config, DoubleSupplier random) {
    this.config = config;
    this.random = random;
  }

  /**
   * The Cache-Control and Expires of a tile response sent at {@code now} (one draw of the jitter), encoded
   * once for the responses of that second.
   */
  public Expiry expiry(TileState state, int z, int layerMaxZoom, Instant now, Instant modified, String host) {
    long maxAge = maxAge(state, z, layerMaxZoom, now, modified, host);
    long second = now.getEpochSecond();
    return new Expiry(second, state, extendedHost(host),
        new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, cacheControl(state, maxAge)),
        new PreEncodedHttpField(HttpHeader.EXPIRES, HttpDates.format(second + maxAge)));
  }

  /** True if a request to {@code host} gets the extended duration. */
  public boolean extendedHost(String host) {
    return !config.extendedHost().isEmpty() && host != null && host.contains(config.extendedHost());
  }

  /** The Cache-Control value for a tile served with {@code maxAge}. */
  public String cacheControl(TileState state, long maxAge) {
    int staleWhileRevalidate = config.staleWhileRevalidateSeconds();
    return state.isStale() && staleWhileRevalidate > 0
        ? "max-age=" + maxAge + ", stale-while-revalidate=" + staleWhileRevalidate
        : "max-age=" + maxAge;
  }

  /** max-age in seconds for a served tile (never for a missing one). */
  public long maxAge(TileState state, int z, int layerMaxZoom, Instant now, Instant modified, String host) {
    double u = random.getAsDouble();
    if (extendedHost(host)) {
      return config.extendedSeconds();
    }
    long maxAge;
    if (state.isStale()) {
      maxAge = config.dirtySeconds() + (long) (config.dirtySeconds() / 2.0 * u);
    } else {
      long minimum = z > layerMaxZoom ? 0 : config.minimumFor(z);
      long ageSeconds = Math.max(0, Duration.between(modified, now).getSeconds());
      long lastModified = (long) (ageSeconds * config.lastModifiedFactor());
      maxAge = Math.max(minimum, lastModified) + (long) (JITTER_SECONDS * u);
    }
    return Math.min(maxAge, config.maxSeconds());
  }
}
