package org.jtile.renderd.queue;

/**
 * A frontend's HTTP client, as the frontend names it with {@code OnBehalfOf}: an IPv4 address or an IPv6
 * /64 ({@code 2001:db8:1:2::/64}). Equal across connections and frontends, so its demand is counted once.
 */
public record Requester(String address) {
  /**
   * The network the client is in — IPv4 /24, IPv6 /48 — or the client itself when its name is neither.
   * Renders are shared between networks first, then between the clients of a network, so a downloader
   * spread over many addresses of one network counts as one.
   */
  Object network() {
    int colon = address.indexOf(':');
    if (colon >= 0) {
      String[] groups = address.split(":", -1);
      return groups.length >= 3 ? new Network(groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48") : this;
    }
    int dot = address.lastIndexOf('.');
    return dot > 0 && address.chars().filter(c -> c == '.').count() == 3
        ? new Network(address.substring(0, dot) + ".0/24") : this;
  }

  @Override
  public String toString() {
    return "client " + address;
  }

  /** A network of clients, the first level of sharing. */
  record Network(String prefix) {}
}
