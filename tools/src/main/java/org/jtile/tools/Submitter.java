package org.jtile.tools;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.jtile.metatile.MetatileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;
import org.jtile.protocol.RenderdChannel;

/**
 * Sends bulk metatile requests to renderd on one connection, keeping up to {@code -n} of them in flight
 * (mod_tile's tools use {@code -n} connections with one each: the same load on renderd, without a
 * thread and a round trip per request). A receiver thread matches renderd's answers, which come in the
 * order renders finish, to the requests by style and metatile.
 *
 * <p>When the connection fails, or a request goes unanswered for the timeout, the receiver reconnects
 * with back-off (0.5, 1, 2, 4, 8 s) and sends every unanswered request again; after that renderd counts as
 * gone and the run ends with {@link ToolException} (exit 2). Before each request the sender waits while
 * {@link RenderdLoad} is at or above {@code --max-load}, as mod_tile does with the load average.
 *
 * <p>Threads: any number of callers of {@link #submit}, the receiver, and a timer for the timeout sweep.
 * {@link #window} bounds what is in flight, {@link #waiting} what is queued to be sent; {@link #sendLock}
 * guards the connection and sending on it (the tools' CONCURRENCY.md has the whole picture).
 */
final class Submitter implements AutoCloseable {
  private static final long[] BACK_OFF_MILLIS = {500, 1000, 2000, 4000, 8000};
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private record Key(String style, int z, int x, int y) {
    static Key of(RenderMessage m) {
      return new Key(m.style(), m.z(), m.x(), m.y());
    }

    /** Metatile origins are multiples of 8: the record's default hash would crowd them into few bins. */
    @Override
    public int hashCode() {
      return style.hashCode() ^ Integer.rotateRight(x, 3) * 0x9E3779B1 ^ Integer.rotateRight(y, 3) * 0x85EBCA6B ^ z;
    }

    /**
     * Written out: a record's own equals is linked through method handles at its first call, a large
     * share of a short run such as a minutely diff's list.
     */
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && z == k.z && x == k.x && y == k.y && style.equals(k.style);
    }
  }

  /** A request in flight: when it was first sent (its render time) and last sent (its timeout). */
  private record InFlight(RenderMessage request, long firstSentNanos, long lastSentNanos) {}

  private final SocketAddress address;
  private final Duration timeout;
  private final int windowSize;
  private final RenderdLoad load;
  private final Summary summary;
  /** Permits for requests in flight. */
  private final Semaphore window;
  /**
   * Requests not sent yet: at most {@code -n}, so the input is never read far ahead of renderd. Emptied in
   * batches, so submitters are woken once half of it has gone, not for every request.
   */
  private final BatchQueue<RenderMessage> waiting;
  private final Map<Key, InFlight> inFlight = new ConcurrentHashMap<>();
  private final ReentrantLock sendLock = new ReentrantLock();
  /** The batch {@link #pump} sends; guarded by sendLock. */
  private final List<RenderMessage> outgoing = new ArrayList<>();
  /** Set before trying the lock to send, cleared by the thread that got it: see {@link #pump}. */
  private volatile boolean pumpWanted;
  /** Guarded by sendLock; replaced only by the receiver when it reconnects. */
  private RenderdChannel connection;
  private final Thread receiver;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "render-client-timer");
    t.setDaemon(true);
    return t;
  });
  /** The first failure that ended the run, if any. */
  private final AtomicReference<ToolException> failure = new AtomicReference<>();
  /** Why the timer closed the connection, for the reconnect message. */
  private volatile String timedOut;
  private volatile boolean cancelled;
  private volatile boolean closed;
  /**
   * Reconnects since renderd last answered, confined to the receiver: a renderd that accepts and drops
   * connections runs out the back-off too, instead of being retried forever.
   */
  private int reconnectsWithoutAnswer;

  /**
   * Connects to renderd at once, so a wrong socket is reported before any input is read.
   *
   * @throws ToolException nothing answers at {@code address} (exit 2)
   */
  Submitter(SocketAddress address, int requestsInFlight, Duration timeout, double maxLoad, DoubleSupplier hostLoad,
      Summary summary) throws ToolException {
    this.address = address;
    this.timeout = timeout;
    this.windowSize = requestsInFlight;
    this.load = new RenderdLoad(address, maxLoad, hostLoad, summary);
    this.summary = summary;
    this.window = new Semaphore(requestsInFlight);
    this.waiting = new BatchQueue<>(requestsInFlight);
    try {
      connection = RenderdChannel.connect(address, CONNECT_TIMEOUT);
    } catch (IOException e) {
      timer.shutdownNow();
      throw new ToolException("cannot connect to renderd at " + RenderdAddress.describe(address) + ": "
          + e.getMessage(), ToolException.SOCKET);
    }
    long sweep = Math.max(100, Math.min(1000, timeout.toMillis() / 4));
    timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    receiver = new Thread(this::receive, "render-client-receiver");
    receiver.setDaemon(true);
    receiver.start();
  }

  /**
   * Queues a bulk render of {@code origin}'s metatile and sends it if fewer than {@code -n} requests are in
   * flight; blocks while {@code -n} more wait to be sent.
   */
  void submit(String style, MetatileCoord origin) throws ToolException, InterruptedException {
    load.awaitBelow(() -> cancelled || failure.get() != null);
    RenderMessage request = RenderMessage.request(Command.RENDER_BULK, style, origin.z(), origin.x(), origin.y());
    while (!cancelled && !waiting.offer(request, 100, TimeUnit.MILLISECONDS)) {
      rethrow();
      pump(); // a safety net only: whoever filled the queue made sure it is being sent
    }
    rethrow();
    // In this order: a pump that has not taken the lock when it is read here drains after the offer, so sends
    // this request; with nothing in flight and no pump running, no answer is coming to make the receiver send.
    if (sendLock.isLocked() || window.availablePermits() == windowSize) {
      pump();
    }
  }

  /**
   * Sends the waiting requests the window has room for, in one write, or leaves that to the thread
   * sending at the moment: it sees {@link #pumpWanted} after it lets go of the lock and sends again. So
   * nobody ever waits for the lock to send, and requests go out in batches.
   *
   * <p>Who pumps: while requests are in flight only the receiver, once it has handled every answer it read,
   * so requests leave in batches as answers arrive in batches (and at {@code -n 1} the next request leaves
   * the moment an answer arrives, without a thread hand-off); with nothing in flight, the submitter.
   */
  private void pump() {
    pumpWanted = true;
    while (pumpWanted && sendLock.tryLock()) {
      try {
        pumpWanted = false;
        sendWaiting();
      } finally {
        sendLock.unlock();
      }
    }
  }

  /** Called with sendLock held; permits are taken only here. */
  private void sendWaiting() {
    try {
      int room = cancelled ? 0 : window.drainPermits();
      outgoing.clear();
      waiting.drainTo(outgoing, room);
      window.release(room - outgoing.size());
      long now = System.nanoTime();
      for (RenderMessage request : outgoing) { // all in flight first: a failed write leaves none unaccounted for
        inFlight.put(Key.of(request), new InFlight(request, now, now));
      }
      for (RenderMessage request : outgoing) {
        connection.queue(request);
      }
      if (!outgoing.isEmpty()) {
        connection.flush();
      }
    } catch (IOException e) {
      // the receiver sees the broken connection too, reconnects and sends what is in flight again
    }
  }

  private void rethrow() throws ToolException {
    ToolException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** Stops sending: Ctrl-C. Requests in flight are answered or time out. */
  void cancel() {
    cancelled = true;
  }

  /** Waits until every request is sent and answered (or, after Ctrl-C, given up). */
  void finish() throws ToolException, InterruptedException {
    while (true) {
      if (window.tryAcquire(windowSize, 100, TimeUnit.MILLISECONDS)) {
        window.release(windowSize);
        if (waiting.isEmpty() || cancelled) {
          break;
        }
        pump();
      }
      rethrow();
      if (!receiver.isAlive()) {
        return;
      }
    }
    rethrow();
  }

  private void receive() {
    try {
      while (!closed) {
        RenderdChannel c = current();
        pump(); // what submitters queued while a reconnect held the lock
        try {
          Optional<RenderMessage> reply;
          while ((reply = c.receive()).isPresent()) {
            answered(reply.get());
            if (!c.hasBuffered()) {
              pump();
            }
          }
          if (!closed) {
            reconnect("renderd closed the connection");
          }
        } catch (IOException e) {
          if (!closed) {
            String why = timedOut != null ? timedOut : e.getMessage() != null ? e.getMessage() : e.toString();
            timedOut = null;
            reconnect(why);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RenderdChannel current() {
    sendLock.lock();
    try {
      return connection;
    } finally {
      sendLock.unlock();
    }
  }

  private void answered(RenderMessage reply) {
    InFlight request = inFlight.remove(Key.of(reply));
    if (request == null) {
      return; // a second answer to a request sent again after a reconnect
    }
    reconnectsWithoutAnswer = 0;
    summary.answered(reply.z(), reply.command(), System.nanoTime() - request.firstSentNanos());
    window.release();
  }

  /**
   * Opens a new connection with back-off and sends every request in flight on it again; after the last
   * attempt (or at once after Ctrl-C) records the failure and stops the receiver.
   */
  private void reconnect(String why) throws InterruptedException {
    while (reconnectsWithoutAnswer < BACK_OFF_MILLIS.length && !cancelled && !closed) {
      long wait = BACK_OFF_MILLIS[reconnectsWithoutAnswer++];
      summary.reconnecting(address, why, wait);
      Thread.sleep(wait);
      sendLock.lock();
      try {
        RenderdChannel fresh = RenderdChannel.connect(address, CONNECT_TIMEOUT);
        connection.close();
        connection = fresh;
        if (inFlight.isEmpty()) {
          reconnectsWithoutAnswer = 0; // nothing was lost: a renderd restarted while the tool read its input
        }
        long now = System.nanoTime();
        for (InFlight request : inFlight.values()) {
          inFlight.put(Key.of(request.request()), new InFlight(request.request(), request.firstSentNanos(), now));
          fresh.queue(request.request());
        }
        fresh.flush();
        sendWaiting();
        return;
      } catch (IOException e) {
        why = e.getMessage();
      } finally {
        sendLock.unlock();
      }
    }
    if (!cancelled && !closed) {
      failure.compareAndSet(null, new ToolException("renderd at " + RenderdAddress.describe(address)
          + " stopped answering (" + why + "); gave up after " + BACK_OFF_MILLIS.length + " reconnects",
          ToolException.SOCKET));
    }
    closed = true;
  }

  /** Closes the connection when a request has waited longer than the timeout: the receiver reconnects. */
  private void sweep() {
    long limit = System.nanoTime() - timeout.toNanos();
    for (InFlight request : inFlight.values()) {
      if (request.lastSentNanos() - limit < 0) {
        timedOut = "no answer to " + request.request() + " within " + timeout.toSeconds() + " s";
        current().close();
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    cancelled = true;
    current().close();
    timer.shutdownNow();
  }
}
