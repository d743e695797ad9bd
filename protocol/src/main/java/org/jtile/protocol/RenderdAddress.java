package org.jtile.protocol;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;

/**
 * renderd's address as operators write it, the way mod_tile's tools read {@code --socket}: a Unix socket
 * path (starting with /) or {@code host[:port]} / {@code [v6]:port}, the port 7654 when absent. Host names
 * stay unresolved: a client resolves them at each connect, so a renderd that moves is found again.
 */
public final class RenderdAddress {
  /** mod_tile's default renderd TCP port. */
  public static final int DEFAULT_PORT = 7654;

  private RenderdAddress() {}

  public static SocketAddress parse(String text) {
    if (text.startsWith("/")) {
      return UnixDomainSocketAddress.of(text);
    }
    String host = text;
    int port = DEFAULT_PORT;
    int colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(']') < colon) {
      host = text.substring(0, colon);
      String digits = text.substring(colon + 1);
      try {
        port = digits.isEmpty() ? 0 : Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid socket port: " + text);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Invalid socket port: " + text);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetSocketAddress.createUnresolved(host.isEmpty() ? "localhost" : host, port == 0 ? DEFAULT_PORT : port);
  }

  /**
   * The address to connect to now: a host name is looked up at each connect, so a moved renderd is found.
   *
   * @throws UnknownHostException the name does not resolve; the message names it, and says how to name a
   *     Unix socket when it looks like one (mod_tile reads a relative path such as renderd.sock as a host)
   */
  public static SocketAddress resolved(SocketAddress address) throws UnknownHostException {
    if (!(address instanceof InetSocketAddress a && a.isUnresolved())) {
      return address;
    }
    InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
    if (resolved.isUnresolved()) {
      String host = a.getHostString();
      throw new UnknownHostException("unknown host " + host + (host.contains("/") || host.endsWith(".sock")
          ? " (a Unix socket is named by its absolute path, starting with /)" : ""));
    }
    return resolved;
  }

  /** The address as operators write it: the socket's path, or host:port ([v6]:port). */
  public static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress a) {
      String host = a.getHostString();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
    return address.toString();
  }
}
