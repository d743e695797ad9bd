package org.jtile.renderd.stats;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jtile.protocol.Command;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.QueueStats;
import org.jtile.renderd.render.RenderWorker;

/**
 * renderd's Dropwizard metrics: queue lengths per class, renders per class and result, render time
 * per zoom, drops, demotions, promotions and connections. Exposed over JMX and, when a port is
 * configured, as Prometheus text on {@code http://127.0.0.1:<port>/metrics}.
 */
public final class RenderdMetrics implements RenderWorker.RenderListener, AutoCloseable {
  private final MetricRegistry registry = new MetricRegistry();
  private final JmxReporter jmx;
  private HttpServer http;

  public RenderdMetrics(Supplier<QueueStats> stats, IntSupplier connections) {
    this(stats, connections, System::nanoTime);
  }

  /** @param nanoTime the clock a snapshot's age is measured by */
  RenderdMetrics(Supplier<QueueStats> stats, IntSupplier connections, LongSupplier nanoTime) {
    Snapshot snapshot = new Snapshot(stats, nanoTime);
    for (Priority p : Priority.values()) {
      String name = p.name().toLowerCase(Locale.ROOT);
      registry.register("renderd.queue.waiting." + name, (Gauge<Integer>) () -> snapshot.get().waiting().get(p));
    }
    registry.register("renderd.queue.rendering", (Gauge<Integer>) () -> snapshot.get().rendering());
    registry.register("renderd.queue.dropped", (Gauge<Long>) () -> snapshot.get().dropped());
    registry.register("renderd.queue.demoted", (Gauge<Long>) () -> snapshot.get().demoted());
    registry.register("renderd.queue.promoted", (Gauge<Long>) () -> snapshot.get().promoted());
    registry.register("renderd.queue.merged", (Gauge<Long>) () -> snapshot.get().attached());
    registry.register("renderd.connections", (Gauge<Integer>) connections::getAsInt);
    jmx = JmxReporter.forRegistry(registry).inDomain("org.jtile.renderd").build();
    jmx.start();
  }

  /** Adds a gauge read at each scrape; it must be cheap and must not block. */
  public void gauge(String name, Supplier<? extends Number> value) {
    registry.register(name, (Gauge<Number>) value::get);
  }

  @Override
  public void rendered(Job job, Command result, long millis) {
    String priority = job.priority().name().toLowerCase(Locale.ROOT);
    registry.meter("renderd.renders." + priority + "." + result.logName().toLowerCase(Locale.ROOT)).mark();
    if (result == Command.DONE) {
      registry.timer("renderd.render_time.z" + job.key().z()).update(millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Serves Prometheus text on 127.0.0.1:{@code port}; returns the bound port. */
  public int serve(int port) throws IOException {
    PrometheusRegistry prometheus = new PrometheusRegistry();
    DropwizardExports.builder().dropwizardRegistry(registry).register(prometheus);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    http.createContext("/metrics", exchange -> {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writer.write(body, prometheus.scrape());
      exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    });
    http.setExecutor(null);
    http.start();
    return http.getAddress().getPort();
  }

  /**
   * The queue's stats, taken at most once per {@link #MAX_AGE_NANOS}: a scrape reads a dozen gauges, and
   * each would otherwise take the queue's lock, which the request path and the workers need.
   */
  private static final class Snapshot {
    static final long MAX_AGE_NANOS = 100_000_000L;
    private final Supplier<QueueStats> stats;
    private final LongSupplier nanoTime;
    /** Guarded by this. */
    private QueueStats last;
    private long takenNanos;

    Snapshot(Supplier<QueueStats> stats, LongSupplier nanoTime) {
      this.stats = stats;
      this.nanoTime = nanoTime;
    }

    synchronized QueueStats get() {
      long now = nanoTime.getAsLong();
      if (last == null || now - takenNanos >= MAX_AGE_NANOS) {
        last = stats.get();
        takenNanos = now;
      }
      return last;
    }
  }

  @Override
  public void close() {
    jmx.stop();
    if (http != null) {
      http.stop(0);
    }
  }
}
