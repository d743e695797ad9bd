package org.jtile.frontend.render;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** renderd's address as operators write it: a Unix socket path, or {@code host:port} / {@code [v6]:port}. */
public final class RenderdAddress {
  private RenderdAddress() {}

  public static SocketAddress parse(String text) {
    if (text.startsWith("/")) {
      return UnixDomainSocketAddress.of(text);
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("must be a socket path starting with / or host:port: " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number: " + text);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in [1, 65535]: " + text);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
