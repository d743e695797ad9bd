package org.jtile.frontend.render;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.RenderMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks renderd (jtile's or C) for renders the way mod_tile does: a connection per request, the request
 * struct, and — unless it is Dirty — a wait for the matching reply. Every wait is bounded: a timer closes
 * the connection at the deadline, which ends a blocked connect or read at once. Any failure (renderd down,
 * timeout, a reply for another tile) counts as NotDone: the caller serves stale or answers 404.
 */
public final class RenderdClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RenderdClient.class);

  private final SocketAddress address;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "renderd-client-deadlines");
        t.setDaemon(true);
        return t;
      });

  /** @param address a {@link UnixDomainSocketAddress} or an {@link java.net.InetSocketAddress} */
  public RenderdClient(SocketAddress address) {
    this.address = address;
  }

  /** Sends {@code request} and waits at most {@code timeout} for renderd's answer. */
  public Command render(RenderMessage request, Duration timeout) {
    try (SocketChannel channel = open()) {
      ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        channel.connect(address);
        MessageCodec.write(channel, request);
        Optional<RenderMessage> reply = MessageCodec.read(channel);
        if (reply.isPresent() && request.isAnsweredBy(reply.get())) {
          return reply.get().command();
        }
        log.warn("renderd at {} answered {} with {}", address, request, reply.orElse(null));
        return Command.NOT_DONE;
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      log.debug("no render for {} from {}: {}", request, address, e.toString());
      return Command.NOT_DONE;
    }
  }

  /** Sends a Dirty request and does not wait; true if it was sent. */
  public boolean dirty(RenderMessage request) {
    try (SocketChannel channel = open()) {
      ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(channel), 1, TimeUnit.SECONDS);
      try {
        channel.connect(address);
        MessageCodec.write(channel, request);
        return true;
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      log.warn("cannot queue {} at renderd {}: {}", request, address, e.toString());
      return false;
    }
  }

  private SocketChannel open() throws IOException {
    return address instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing to end a wait
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }

  @Override
  public String toString() {
    return "renderd at " + address;
  }
}
