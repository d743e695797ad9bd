package org.jtile.frontend.throttle;

import java.util.List;

/**
 * Per-client rate limits (mod_tile's delay pools, made sane): one bucket for tiles served and one for
 * renders triggered, per IPv4 address or IPv6 /64.
 *
 * @param trustedProxies X-Forwarded-For is believed only when the connection comes from one of these
 * @param allowList clients never throttled
 * @param maxClients clients tracked at once; the least recently seen are forgotten beyond it
 * @param deniedStatus 429 (default, with Retry-After) or 503 as mod_tile answers
 */
public record ThrottleConfig(
    boolean enabled,
    int tileBurst,
    double tilesPerSecond,
    int renderBurst,
    double rendersPerSecond,
    List<Cidr> trustedProxies,
    List<Cidr> allowList,
    int maxClients,
    int deniedStatus) {

  public static final ThrottleConfig OFF = new ThrottleConfig(false, 5000, 20, 65, 1, List.of(), List.of(), 100_000, 429);

  public ThrottleConfig {
    trustedProxies = List.copyOf(trustedProxies);
    allowList = List.copyOf(allowList);
    if (tileBurst < 1 || renderBurst < 1 || !(tilesPerSecond > 0) || !(rendersPerSecond > 0)) {
      throw new IllegalArgumentException("throttle bursts must be >= 1 and rates > 0");
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("throttle max clients must be >= 1: " + maxClients);
    }
    if (deniedStatus != 429 && deniedStatus != 503) {
      throw new IllegalArgumentException("throttle denied status must be 429 or 503: " + deniedStatus);
    }
  }
}
