package org.jtile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;

/** Loopback ports for daemons whose configuration wants a number, not 0. */
public final class Ports {
  private Ports() {}

  /** True if something accepts TCP connections on 127.0.0.1:{@code port}: a started server is ready. */
  public static boolean listening(int port) {
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A TCP port on 127.0.0.1 that was free a moment ago. */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
