package org.jtile.frontend.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block like {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is one host. */
public record Cidr(byte[] network, int prefix) {
  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", 2);
    InetAddress literal = literal(parts[0]);
    if (literal == null) {
      throw new IllegalArgumentException("not an IP address block: " + text);
    }
    byte[] address = literal.getAddress();
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + text);
      }
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length must be in [0, " + bits + "]: " + text);
    }
    return new Cidr(address, prefix);
  }

  /**
   * An IP address written as a literal, or null. Only dotted IPv4 quads and strings with a colon
   * (IPv6) are accepted, both of which {@link InetAddress} parses without a DNS lookup: text from
   * X-Forwarded-For must never make the server resolve names.
   */
  public static InetAddress literal(String text) {
    boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (bytes[full] & mask) == (network[full] & mask);
  }
}
