package org.jtile.frontend.admin;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jtile.frontend.throttle.Cidr;

/**
 * The operations page.
 *
 * @param enabled whether {@code /admin} exists at all (off: 404)
 * @param allow the addresses it answers (others: 403); it shows client addresses, so never the public
 * @param renderdMetrics renderd's Prometheus endpoint, for the queue and render charts; empty for none
 * @param sampleInterval how often the figures are sampled (the charts' resolution)
 */
public record AdminConfig(boolean enabled, List<Cidr> allow, Optional<URI> renderdMetrics, Duration sampleInterval) {
  public static final AdminConfig OFF = new AdminConfig(false, List.of(), Optional.empty(), Duration.ofSeconds(2));

  public AdminConfig {
    allow = List.copyOf(allow);
    if (sampleInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("sample interval must be at least 100 ms: " + sampleInterval);
    }
  }

  /** Whether {@code address} may see the page. */
  public boolean allows(InetAddress address) {
    return allow.stream().anyMatch(c -> c.contains(address));
  }
}
