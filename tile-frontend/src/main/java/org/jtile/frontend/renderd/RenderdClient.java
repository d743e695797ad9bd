package org.jtile.frontend.renderd;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolException;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;
import org.jtile.protocol.RenderdChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks renderd (jtile's or C) for renders the way mod_tile does — a connection per request, the request
 * struct, and unless it is Dirty the matching reply — without a thread per wait: one selector thread,
 * {@code renderd-client}, carries every exchange, and a wait is a {@link CompletableFuture}. Every
 * exchange ends by its deadline; any failure (renderd down, timeout, a reply for another tile) is NotDone,
 * and the caller serves stale or answers 404.
 *
 * <p>Each request may name the HTTP client it is for ({@link Command#ON_BEHALF_OF}), so jtile's renderd
 * shares renders between clients rather than connections. mod_tile's renderd answers that command
 * NotDone; seeing that, the client stops naming clients to it for {@link #RECHECK_ON_BEHALF_OF} (one
 * "Ignoring invalid command" line in C renderd's log each time).
 *
 * <p>A renderd that cannot be reached is not tried again for {@link #RETRY_AFTER_FAILURE}, so a dead
 * renderd costs requests nothing; the outage and the recovery are logged once each. A connection refused
 * only because renderd's accept queue is full is tried again within the request's deadline.
 *
 * <p>Threads: {@link #render} and {@link #dirty} may be called from any thread; they hand the exchange to
 * the selector thread, which alone touches channels, buffers and the deadline queue. Futures complete on
 * the selector thread: callers continue elsewhere ({@code whenCompleteAsync}).
 */
public final class RenderdClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RenderdClient.class);

  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  static final Duration RECHECK_ON_BEHALF_OF = Duration.ofMinutes(5);
  /** How long a Dirty request may take to be written. */
  static final Duration DIRTY_TIMEOUT = Duration.ofSeconds(1);
  /** Exchanges open at once; more are NotDone at once (the render policy keeps far fewer waiting). */
  static final int MAX_OPEN = 16_384;
  private static final long CONNECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final SocketAddress address;
  /** The address for log lines, as operators write it. */
  private final String where;
  /**
   * The time back-offs are measured in (System.nanoTime, or a test's). Exchange deadlines are not: the
   * selector waits for them in real time.
   */
  private final LongSupplier ticker;
  /** {@link #ticker} time before which renderd is taken as unreachable; 0 when it answered last. */
  private final AtomicLong unreachableUntil = new AtomicLong();
  /** {@link #ticker} time before which renderd is taken not to know OnBehalfOf; 0 while it is not known not to. */
  private final AtomicLong onBehalfOfRefusedUntil = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentLinkedQueue<Exchange> submitted = new ConcurrentLinkedQueue<>();
  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;
  /** Open exchanges by deadline. Selector thread only. */
  private final PriorityQueue<Exchange> deadlines = new PriorityQueue<>(Comparator.comparingLong(x -> x.deadline));
  /** Exchanges to connect again once renderd's accept queue has room. Selector thread only. */
  private final List<Exchange> retries = new ArrayList<>();

  /** @param address a {@link UnixDomainSocketAddress} or an {@link java.net.InetSocketAddress} */
  public RenderdClient(SocketAddress address) {
    this(address, System::nanoTime);
  }

  /** @param ticker the monotonic time the back-offs are measured in */
  public RenderdClient(SocketAddress address, LongSupplier ticker) {
    this.address = address;
    this.ticker = ticker;
    this.where = RenderdAddress.describe(address);
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a selector for renderd's client", e);
    }
    thread = new Thread(this::run, "renderd-client");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Sends {@code request}, for {@code onBehalfOf} (an HTTP client's address, or null), and completes with
   * renderd's answer, or NotDone at {@code timeout}.
   */
  public CompletableFuture<Command> render(RenderMessage request, String onBehalfOf, Duration timeout) {
    return submit(request, onBehalfOf, timeout, true);
  }

  /** Sends a Dirty request and waits for no answer; the future says whether it was sent. */
  public CompletableFuture<Command> dirty(RenderMessage request, String onBehalfOf) {
    return submit(request, onBehalfOf, DIRTY_TIMEOUT, false);
  }

  private CompletableFuture<Command> submit(RenderMessage request, String onBehalfOf, Duration timeout,
      boolean wantsReply) {
    CompletableFuture<Command> result = new CompletableFuture<>();
    if (!running || unreachable()) {
      result.complete(Command.NOT_DONE);
      return result;
    }
    if (open.incrementAndGet() > MAX_OPEN) {
      open.decrementAndGet();
      log.warn("{} exchanges with renderd at {} open: answering NotDone", MAX_OPEN, where);
      result.complete(Command.NOT_DONE);
      return result;
    }
    RenderMessage tag = onBehalfOf == null || onBehalfOf.isEmpty() || refusesOnBehalfOf() ? null
        : RenderMessage.request(Command.ON_BEHALF_OF, onBehalfOf, 0, 0, 0);
    submitted.add(new Exchange(request, tag, wantsReply, System.nanoTime() + timeout.toNanos(), result));
    selector.wakeup();
    return result;
  }

  private boolean unreachable() {
    long until = unreachableUntil.get();
    return until != 0 && ticker.getAsLong() - until < 0;
  }

  private boolean refusesOnBehalfOf() {
    long until = onBehalfOfRefusedUntil.get();
    return until != 0 && ticker.getAsLong() - until < 0;
  }

  private void run() {
    try {
      while (running) {
        selector.select(millisToNextDeadline());
        for (Exchange x; (x = submitted.poll()) != null; ) {
          start(x);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          step((Exchange) key.attachment());
        }
        selector.selectedKeys().clear();
        expire();
      }
    } catch (IOException | RuntimeException e) {
      log.error("renderd client stopped: {}", e.toString());
    } finally {
      endAll();
    }
  }

  private long millisToNextDeadline() {
    if (!retries.isEmpty()) {
      return TimeUnit.NANOSECONDS.toMillis(CONNECT_RETRY_NANOS);
    }
    Exchange next = deadlines.peek();
    if (next == null) {
      return 1000;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(next.deadline - System.nanoTime());
    return Math.max(1, Math.min(1000, millis + 1));
  }

  /** Opens the exchange's connection; called again while renderd's accept queue is full. */
  private void start(Exchange x) {
    if (x.channel == null) {
      deadlines.add(x);
    }
    try {
      SocketChannel socket = RenderdChannel.open(address);
      x.channel = RenderdChannel.of(socket, 2 * ProtocolVersion.MAX_LENGTH);
      if (x.tag != null) {
        x.channel.queue(x.tag);
      }
      x.channel.queue(x.request);
      socket.configureBlocking(false);
      boolean connected = socket.connect(RenderdAddress.resolved(address));
      x.key = socket.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, x);
      if (connected) {
        reachable();
      }
    } catch (IOException e) {
      closeChannel(x);
      if (isAcceptQueueFull(e) && System.nanoTime() + CONNECT_RETRY_NANOS - x.deadline < 0) {
        retries.add(x);
        return;
      }
      unreachable(e);
      end(x, Command.NOT_DONE);
    }
  }

  /** A non-blocking connect to a Unix socket whose listener has a full accept queue fails with EAGAIN. */
  private static boolean isAcceptQueueFull(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("temporarily unavailable");
  }

  private void step(Exchange x) {
    try {
      SelectionKey key = x.key;
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        try {
          if (!x.channel.socket().finishConnect()) {
            return;
          }
        } catch (IOException e) {
          unreachable(e);
          end(x, Command.NOT_DONE);
          return;
        }
        reachable();
        key.interestOps(SelectionKey.OP_WRITE);
      } else if (key.isWritable()) {
        if (x.channel.flush()) {
          if (x.wantsReply) {
            key.interestOps(SelectionKey.OP_READ);
          } else {
            end(x, Command.DONE);
          }
        }
      } else if (key.isReadable()) {
        read(x);
      }
    } catch (IOException e) {
      log.debug("no render for {} from {}: {}", x.request, where, e.toString());
      end(x, Command.NOT_DONE);
    }
  }

  private void read(Exchange x) throws IOException {
    int n = x.channel.fill();
    try {
      for (Optional<RenderMessage> next; (next = x.channel.buffered()).isPresent(); ) {
        RenderMessage reply = next.get();
        if (x.tag != null && reply.command() == Command.NOT_DONE && x.tag.isAnsweredBy(reply)) {
          refusedOnBehalfOf();
        } else if (x.request.isAnsweredBy(reply)) {
          end(x, reply.command());
          return;
        } else {
          log.warn("renderd at {} answered {} with {}", where, x.request, reply);
          end(x, Command.NOT_DONE);
          return;
        }
      }
    } catch (ProtocolException e) {
      log.warn("renderd at {} answered {} with bytes that are no reply: {}", where, x.request, e.getMessage());
      end(x, Command.NOT_DONE);
      return;
    }
    if (n < 0) {
      end(x, Command.NOT_DONE);
    }
  }

  /** Ends the exchanges past their deadline, and connects again those renderd's accept queue refused. */
  private void expire() {
    long now = System.nanoTime();
    while (!deadlines.isEmpty() && deadlines.peek().deadline - now <= 0) {
      endQuietly(deadlines.poll(), Command.NOT_DONE);
    }
    if (!retries.isEmpty()) {
      List<Exchange> again = new ArrayList<>(retries);
      retries.clear();
      for (Exchange x : again) {
        if (!x.result.isDone()) {
          start(x);
        }
      }
    }
  }

  private void end(Exchange x, Command result) {
    deadlines.remove(x);
    endQuietly(x, result);
  }

  private void endQuietly(Exchange x, Command result) {
    closeChannel(x);
    if (x.result.complete(result)) {
      open.decrementAndGet();
    }
  }

  private static void closeChannel(Exchange x) {
    if (x.channel != null) {
      x.channel.close();
    }
  }

  private void endAll() {
    for (Exchange x; (x = deadlines.poll()) != null; ) {
      endQuietly(x, Command.NOT_DONE);
    }
    for (Exchange x; (x = submitted.poll()) != null; ) {
      endQuietly(x, Command.NOT_DONE);
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // stopping
    }
  }

  /** Marks renderd unreachable for a while and says so once. */
  private void unreachable(IOException e) {
    long until = ticker.getAsLong() + RETRY_AFTER_FAILURE.toNanos();
    if (unreachableUntil.getAndSet(until == 0 ? 1 : until) == 0) {
      log.warn("renderd at {} unreachable ({}): serving what is stored, retrying every {} s", where, e.toString(),
          RETRY_AFTER_FAILURE.toSeconds());
    }
  }

  private void reachable() {
    if (unreachableUntil.getAndSet(0) != 0) {
      log.info("renderd at {} reachable again", where);
    }
  }

  private void refusedOnBehalfOf() {
    long until = ticker.getAsLong() + RECHECK_ON_BEHALF_OF.toNanos();
    if (onBehalfOfRefusedUntil.getAndSet(until == 0 ? 1 : until) == 0) {
      log.info("renderd at {} does not know OnBehalfOf (mod_tile's renderd?): renders are shared between clients"
          + " by this frontend alone; asking again in {} min", where, RECHECK_ON_BEHALF_OF.toMinutes());
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "renderd at " + where;
  }

  /** One request and its answer. Fields other than the final ones: selector thread only. */
  private static final class Exchange {
    final RenderMessage request;
    /** The OnBehalfOf sent before the request, or null. */
    final RenderMessage tag;
    final boolean wantsReply;
    final long deadline;
    final CompletableFuture<Command> result;
    /** Room for the tag and the request, and for the tag's answer (from C renderd) and the request's. */
    RenderdChannel channel;
    SelectionKey key;

    Exchange(RenderMessage request, RenderMessage tag, boolean wantsReply, long deadline,
        CompletableFuture<Command> result) {
      this.request = request;
      this.tag = tag;
      this.wantsReply = wantsReply;
      this.deadline = deadline;
      this.result = result;
    }
  }
}
