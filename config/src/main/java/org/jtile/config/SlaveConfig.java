package org.jtile.config;

/**
 * A slave renderd this one forwards jobs to, from mod_tile's {@code [renderd1]}…{@code [renderd4]} sections: for
 * farms that already run master and slaves, so they move to jtile host by host.
 *
 * @param section the section's name, for logs
 * @param address where the slave listens: a Unix socket path, or {@code host:port}
 * @param threads how many jobs are forwarded to it at once: its {@code num_threads}, as mod_tile's master does
 */
public record SlaveConfig(String section, String address, int threads) {
  public SlaveConfig {
    if (address.isBlank()) {
      throw new IllegalArgumentException(section + ": a slave needs socketname, or iphostname and ipport");
    }
    if (threads < 1) {
      throw new IllegalArgumentException(section + ": num_threads must be >= 1: " + threads);
    }
  }
}
