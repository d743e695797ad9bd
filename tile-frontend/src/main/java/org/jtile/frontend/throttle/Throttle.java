package org.jtile.frontend.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides whether a client may have a tile, or a render, now; when not, how long it should wait. Never
 * sleeps: the caller answers 429 with Retry-After at once instead of parking a server thread as
 * mod_tile does. The client table is a bounded Caffeine cache.
 */
public final class Throttle {
  private final ThrottleConfig config;
  private final Cache<String, Buckets> clients;

  private record Buckets(TokenBucket tiles, TokenBucket renders) {}

  public Throttle(ThrottleConfig config) {
    this.config = config;
    this.clients = Caffeine.newBuilder().maximumSize(config.maxClients()).build();
  }

  public ThrottleConfig config() {
    return config;
  }

  /** 0 if {@code client} may have a tile now, else nanoseconds to wait. */
  public long tile(InetAddress client, long nowNanos) {
    return take(client, nowNanos, false);
  }

  /** 0 if {@code client} may trigger a render now, else nanoseconds to wait. */
  public long render(InetAddress client, long nowNanos) {
    return take(client, nowNanos, true);
  }

  private long take(InetAddress client, long nowNanos, boolean render) {
    if (!config.enabled() || config.allowList().stream().anyMatch(c -> c.contains(client))) {
      return 0;
    }
    Buckets buckets = clients.get(key(client), k -> new Buckets(
        new TokenBucket(config.tileBurst(), config.tilesPerSecond(), nowNanos),
        new TokenBucket(config.renderBurst(), config.rendersPerSecond(), nowNanos)));
    return (render ? buckets.renders() : buckets.tiles()).take(nowNanos);
  }

  /**
   * What the throttle holds for a client ({@link #key}) now, for the operations page: the share of its
   * tile and render buckets left, or why it is not throttled.
   */
  public String state(String clientKey, long nowNanos) {
    if (!config.enabled()) {
      return "throttle off";
    }
    Buckets buckets = clients.getIfPresent(clientKey);
    if (buckets == null) {
      return "not throttled";
    }
    return String.format(java.util.Locale.ROOT, "tiles %.0f%%, renders %.0f%% left",
        100 * buckets.tiles().left(nowNanos), 100 * buckets.renders().left(nowNanos));
  }

  /**
   * The client an address belongs to, as throttling and render sharing count them: an IPv4 address, or an
   * IPv6 /64 network (one customer's whole allocation), written {@code 2001:db8:1:2::/64}.
   */
  public static String key(InetAddress client) {
    byte[] bytes = client.getAddress();
    if (bytes.length != 16) {
      return client.getHostAddress();
    }
    StringBuilder prefix = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
    }
    return prefix.append(":/64").toString();
  }

  /**
   * The client behind a request: the connection's address, or — when that is a trusted proxy — the
   * rightmost X-Forwarded-For entry that is not itself a trusted proxy. Untrusted peers cannot
   * choose whom they are counted as.
   */
  public InetAddress client(InetAddress peer, String forwardedFor) {
    List<Cidr> trusted = config.trustedProxies();
    if (forwardedFor == null || trusted.stream().noneMatch(c -> c.contains(peer))) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    InetAddress client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = Cidr.literal(hops[i].trim());
      if (hop == null) {
        return client;
      }
      client = hop;
      InetAddress candidate = hop;
      if (trusted.stream().noneMatch(c -> c.contains(candidate))) {
        return hop;
      }
    }
    return client;
  }
}
