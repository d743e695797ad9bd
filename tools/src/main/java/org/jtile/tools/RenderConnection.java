package org.jtile.tools;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;

/**
 * One worker's connection to renderd, kept open across requests (mod_tile's tools do the same) and
 * opened again after a failure. Each request waits at most its timeout: a timer closes the channel at
 * the deadline, which ends a blocked connect or read at once.
 */
final class RenderConnection implements Closeable {
  private final SocketAddress address;
  private final ScheduledExecutorService deadlines;
  /** Confined to the worker thread that owns this connection. */
  private SocketChannel channel;

  RenderConnection(SocketAddress address, ScheduledExecutorService deadlines) {
    this.address = address;
    this.deadlines = deadlines;
  }

  /** Connects, waiting at most {@code timeout} (a blocking connect to a silent TCP peer ends there). */
  void connect(Duration timeout) throws IOException {
    SocketChannel open = open();
    ScheduledFuture<?> deadline = deadlines.schedule(() -> quietlyClose(open), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      open.connect(RenderdAddress.resolved(address));
    } catch (IOException | UnresolvedAddressException e) {
      close();
      throw e instanceof IOException io ? io : new IOException("cannot resolve " + address, e);
    } finally {
      deadline.cancel(false);
    }
  }

  private SocketChannel open() throws IOException {
    if (channel == null) {
      channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
          : SocketChannel.open();
    }
    return channel;
  }

  /** Sends {@code request} and returns renderd's answer; an IOException leaves the connection closed. */
  Command request(RenderMessage request, Duration timeout) throws IOException {
    ScheduledFuture<?> deadline = null;
    try {
      SocketChannel open = open();
      deadline = deadlines.schedule(() -> quietlyClose(open), timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!open.isConnected()) {
        open.connect(RenderdAddress.resolved(address));
      }
      MessageCodec.write(open, request);
      while (true) {
        RenderMessage reply = MessageCodec.read(open)
            .orElseThrow(() -> new IOException("renderd closed the connection"));
        if (request.isAnsweredBy(reply)) {
          return reply.command();
        }
        // an answer to an earlier request that timed out on this connection: skip it
      }
    } catch (IOException | UnresolvedAddressException e) {
      close();
      throw e instanceof IOException io ? io : new IOException("cannot resolve " + address, e);
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }


  private static void quietlyClose(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // ending a wait
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      quietlyClose(channel);
      channel = null;
    }
  }
}
