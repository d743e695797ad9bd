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
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks renderd (jtile's or C) for renders the way mod_tile does: a connection per request, the request
 * struct, and — unless it is Dirty — a wait for the matching reply. Every wait is bounded: a timer closes
 * the connection at the deadline, which ends a blocked connect or read at once. Any failure (renderd down,
 * timeout, a reply for another tile) counts as NotDone: the caller serves stale or answers 404.
 *
 * <p>A renderd that cannot be reached is not tried again for {@link #RETRY_AFTER_FAILURE}, so a dead
 * renderd (or a TCP peer that drops packets) costs requests nothing; the outage and the recovery are
 * logged once each, not per request. Each attempt opens a new connection, so a restarted renderd is
 * picked up at the next request.
 */
public final class RenderdClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RenderdClient.class);

  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final SocketAddress address;
  /** The address for log lines, as operators write it. */
  private final String where;
  /** System.nanoTime() before which renderd is taken as unreachable; 0 when it answered last. */
  private final AtomicLong unreachableUntil = new AtomicLong();
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "renderd-client-deadlines");
        t.setDaemon(true);
        return t;
      });

  /** @param address a {@link UnixDomainSocketAddress} or an {@link java.net.InetSocketAddress} */
  public RenderdClient(SocketAddress address) {
    this.address = address;
    this.where = RenderdAddress.describe(address);
  }

  /** Sends {@code request} and waits at most {@code timeout} for renderd's answer. */
  public Command render(RenderMessage request, Duration timeout) {
    if (unreachable()) {
      return Command.NOT_DONE;
    }
    try (SocketChannel channel = open()) {
      ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        if (!connect(channel)) {
          return Command.NOT_DONE;
        }
        MessageCodec.write(channel, request);
        Optional<RenderMessage> reply = MessageCodec.read(channel);
        if (reply.isPresent() && request.isAnsweredBy(reply.get())) {
          return reply.get().command();
        }
        log.warn("renderd at {} answered {} with {}", where, request, reply.orElse(null));
        return Command.NOT_DONE;
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      log.debug("no render for {} from {}: {}", request, where, e.toString());
      return Command.NOT_DONE;
    }
  }

  /** Sends a Dirty request and does not wait; true if it was sent. */
  public boolean dirty(RenderMessage request) {
    if (unreachable()) {
      return false;
    }
    try (SocketChannel channel = open()) {
      ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(channel), 1, TimeUnit.SECONDS);
      try {
        if (!connect(channel)) {
          return false;
        }
        MessageCodec.write(channel, request);
        return true;
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      log.debug("cannot queue {} at renderd {}: {}", request, where, e.toString());
      return false;
    }
  }

  private boolean unreachable() {
    long until = unreachableUntil.get();
    return until != 0 && System.nanoTime() - until < 0;
  }

  /** Connects, or marks renderd unreachable for a while and says so once. */
  private boolean connect(SocketChannel channel) throws IOException {
    try {
      channel.connect(RenderdAddress.resolved(address));
    } catch (IOException e) {
      long until = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
      if (unreachableUntil.getAndSet(until == 0 ? 1 : until) == 0) {
        log.warn("renderd at {} unreachable ({}): serving what is stored, retrying every {} s", where, e.toString(),
            RETRY_AFTER_FAILURE.toSeconds());
      }
      return false;
    }
    if (unreachableUntil.getAndSet(0) != 0) {
      log.info("renderd at {} reachable again", where);
    }
    return true;
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
    return "renderd at " + where;
  }
}
