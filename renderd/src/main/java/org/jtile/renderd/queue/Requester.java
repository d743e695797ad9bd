package org.jtile.renderd.queue;

import java.util.Objects;

/**
 * A frontend's HTTP client, as the frontend names it with {@code OnBehalfOf}: an IPv4 address or an IPv6
 * /64 ({@code 2001:db8:1:2::/64}). Equal across connections and frontends, so its demand is counted once.
 * Its network is worked out once, here: the render queue asks for it on every pick.
 */
public final class Requester {
  private final String address;
  private final Object network;

  public Requester(String address) {
    this.address = Objects.requireNonNull(address, "address");
    this.network = networkOf(address);
  }

  public String address() {
    return address;
  }

  /**
   * The network the client is in — IPv4 /24, IPv6 /48 — or the client itself when its name is neither.
   * Renders are shared between networks first, then between the clients of a network, so a downloader
   * spread over many addresses of one network counts as one.
   */
  Object network() {
    return network == null ? this : network;
  }

  /** The network's name ({@code 192.0.2.0/24}), or the address when it is in none: what a farm shares by. */
  public String networkName() {
    return network == null ? address : ((Network) network).prefix();
  }

  /** The network's key, or null when {@code address} is no address. */
  private static Object networkOf(String address) {
    if (address.indexOf(':') >= 0) {
      String[] groups = address.split(":", -1);
      return groups.length >= 3 ? new Network(groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48") : null;
    }
    int dot = address.lastIndexOf('.');
    return dot > 0 && address.chars().filter(c -> c == '.').count() == 3
        ? new Network(address.substring(0, dot) + ".0/24") : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requester r && address.equals(r.address);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return "client " + address;
  }

  /** A network of clients, the first level of sharing. */
  private record Network(String prefix) {}
}
