package org.jtile.config;

import java.time.Duration;

/**
 * Several renderd hosts sharing one render queue on Redis ({@code docs/farm.md}).
 *
 * @param redis the Redis URI, as Lettuce reads it: {@code redis://host:6379/0}, {@code rediss://} for TLS,
 *     {@code redis-sentinel://} for a Sentinel-watched master
 * @param host this host's name in the farm: who holds a lease, whose renders are counted
 * @param lease how long a taken job stays with its host without being renewed; a host that stops renewing
 *     (dead, cut off) loses its jobs to the others after this long
 * @param keyPrefix the prefix of every Redis key, so several farms (or tests) share one Redis
 * @param localFallback whether this host renders its own clients' jobs alone while Redis is unreachable;
 *     without it those jobs wait for Redis to come back
 */
public record ClusterConfig(String redis, String host, Duration lease, String keyPrefix, boolean localFallback) {

  public ClusterConfig {
    requireRedisUri(redis);
    if (host.isBlank() || host.contains("|")) {
      throw new IllegalArgumentException("host name must be set and hold no '|': \"" + host + "\"");
    }
    if (lease.compareTo(Duration.ofSeconds(2)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("lease must be between 2 s and 1 h: " + lease);
    }
    if (!keyPrefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException("key prefix must be 1-64 of [A-Za-z0-9_.:-]: " + keyPrefix);
    }
  }

  /** Checks that {@code uri} is a Redis URI as Lettuce reads it; returns it. */
  public static String requireRedisUri(String uri) {
    if (uri.isBlank()) {
      throw new IllegalArgumentException("a Redis URI is needed, like redis://10.0.0.5:6379/0");
    }
    if (!uri.matches("(redis|rediss|redis-sentinel|redis-socket)://.*")) {
      throw new IllegalArgumentException("not a Redis URI (redis://, rediss://, redis-sentinel://): " + uri);
    }
    return uri;
  }

  /** {@code uri} without its password, for logs. */
  public static String withoutPassword(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }

  /** This machine's host name, the default name in the farm. */
  public static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }
}
