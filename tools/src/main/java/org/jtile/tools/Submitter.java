package org.jtile.tools;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.jtile.metatile.MetatileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;

/**
 * Sends metatile requests to renderd from {@code -n} worker threads, each with its own connection and one
 * request in flight, through a queue as short as mod_tile's (one place per worker), so reading the input
 * never runs ahead of renderd by more than that.
 *
 * <p>A worker whose connection fails reconnects with back-off (0.5, 1, 2, 4, 8 s) and sends the request
 * again; after that renderd counts as gone and the run ends with {@link ToolException} (exit 2). Before
 * each request a worker waits while the load is at or above {@code --max-load}, as mod_tile does.
 */
final class Submitter implements AutoCloseable {
  private static final long[] BACK_OFF_MILLIS = {500, 1000, 2000, 4000, 8000};
  private static final long LOAD_WAIT_MILLIS = 5000;

  private record Request(MetatileCoord origin, String style) {}

  private static final Request END = new Request(new MetatileCoord(0, 0, 0), "");

  private final SocketAddress address;
  private final Duration timeout;
  private final double maxLoad;
  private final DoubleSupplier load;
  private final Summary summary;
  private final BlockingQueue<Request> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "render-client-deadlines");
    t.setDaemon(true);
    return t;
  });
  /** The first failure that ended the run, if any. */
  private final AtomicReference<ToolException> failure = new AtomicReference<>();
  private volatile boolean cancelled;

  Submitter(SocketAddress address, int threads, Duration timeout, double maxLoad, DoubleSupplier load,
      Summary summary) {
    this.address = address;
    this.timeout = timeout;
    this.maxLoad = maxLoad;
    this.load = load;
    this.summary = summary;
    this.queue = new ArrayBlockingQueue<>(threads);
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::work, "render-client-" + i);
      workers.add(worker);
      worker.start();
    }
  }

  /** Checks renderd listens at all, so a wrong socket is reported at once (exit 2), not after the input. */
  void probe() throws ToolException {
    try (RenderConnection connection = new RenderConnection(address, deadlines)) {
      connection.connect(Duration.ofSeconds(5));
    } catch (IOException e) {
      throw new ToolException("cannot connect to renderd at " + address + ": " + e.getMessage(), ToolException.SOCKET);
    }
  }

  /** Queues a bulk render of {@code origin}'s metatile; blocks while the workers are busy. */
  void submit(String style, MetatileCoord origin) throws ToolException, InterruptedException {
    Request request = new Request(origin, style);
    while (!queue.offer(request, 100, TimeUnit.MILLISECONDS)) {
      rethrow();
    }
    rethrow();
  }

  boolean failed() {
    return failure.get() != null || cancelled;
  }

  private void rethrow() throws ToolException {
    ToolException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** Stops taking new requests: Ctrl-C. Requests in flight are answered or time out. */
  void cancel() {
    cancelled = true;
    queue.clear();
  }

  /** Waits until every queued request is answered. */
  void finish() throws ToolException, InterruptedException {
    for (int i = 0; i < workers.size(); i++) {
      while (!queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          queue.clear();
        }
      }
    }
    for (Thread worker : workers) {
      worker.join();
    }
    rethrow();
  }

  private void work() {
    try (RenderConnection connection = new RenderConnection(address, deadlines)) {
      while (true) {
        Request request = queue.take();
        if (request == END || failure.get() != null) {
          if (request == END) {
            return;
          }
          continue;
        }
        if (!cancelled) {
          render(connection, request);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void render(RenderConnection connection, Request request) throws InterruptedException {
    while (load.getAsDouble() >= maxLoad && !cancelled) {
      Thread.sleep(LOAD_WAIT_MILLIS);
    }
    MetatileCoord m = request.origin();
    RenderMessage message = RenderMessage.request(Command.RENDER_BULK, request.style(), m.z(), m.x(), m.y());
    for (int attempt = 0; ; attempt++) {
      long start = System.nanoTime();
      try {
        Command answer = connection.request(message, timeout);
        summary.answered(m.z(), answer, System.nanoTime() - start);
        return;
      } catch (IOException e) {
        if (attempt == BACK_OFF_MILLIS.length || cancelled) {
          failure.compareAndSet(null, new ToolException("renderd at " + address + " stopped answering ("
              + e.getMessage() + "); gave up after " + attempt + " reconnects", ToolException.SOCKET));
          return;
        }
        summary.reconnecting(address, e.getMessage(), BACK_OFF_MILLIS[attempt]);
        Thread.sleep(BACK_OFF_MILLIS[attempt]);
      }
    }
  }

  @Override
  public void close() {
    cancel();
    workers.forEach(Thread::interrupt);
    deadlines.shutdownNow();
  }
}
