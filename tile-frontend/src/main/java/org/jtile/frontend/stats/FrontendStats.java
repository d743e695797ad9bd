package org.jtile.frontend.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jtile.frontend.layer.Layer;
import org.jtile.protocol.Command;

/**
 * The frontend's counters, shown as mod_tile shows them — the {@code /mod_tile} text page and the {@code
 * modtile_*} Prometheus metrics with mod_tile's names and labels, so existing dashboards and munin plugins
 * keep working — plus jtile's own: request latency histograms per layer, render waits by outcome,
 * throttled requests, hot-cache hits, and renderd found busy.
 *
 * <p>Every counter is a Prometheus data point resolved once, so counting on the request path is a
 * LongAdder increment with no map lookup.
 */
public final class FrontendStats {
  /** How a served tile was found (mod_tile's noFreshCache … noVeryOldRender). */
  public enum Served {
    FRESH_CACHE("NoFreshCache", "fresh", "no"),
    OLD_CACHE("NoOldCache", "old", "no"),
    VERY_OLD_CACHE("NoVeryOldCache", "outdated", "no"),
    FRESH_RENDER("NoFreshRender", "fresh", "yes"),
    OLD_RENDER("NoOldRender", "old", "attempted"),
    VERY_OLD_RENDER("NoVeryOldRender", "outdated", "attempted");

    final String pageKey;
    final String age;
    final String rendered;

    Served(String pageKey, String age, String rendered) {
      this.pageKey = pageKey;
      this.age = age;
      this.rendered = rendered;
    }
  }

  private static final String[] STATUSES = {"200", "304", "404", "503", "5XX", "other"};
  private static final String[] STATUS_KEYS = {"NoResp200", "NoResp304", "NoResp404", "NoResp503", "NoResp5XX",
      "NoRespOther"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Layer> layers;
  private final int maxZoom;
  private final CounterDataPoint[] responses = new CounterDataPoint[STATUSES.length];
  private final CounterDataPoint[] served = new CounterDataPoint[Served.values().length];
  private final CounterDataPoint[] zoomResponses;
  private final CounterDataPoint[] zoomReads;
  private final CounterDataPoint[] zoomReadSeconds;
  private final Map<Layer, CounterDataPoint[]> layerResponses = new IdentityHashMap<>();
  private final Map<Layer, DistributionDataPoint> layerLatency = new IdentityHashMap<>();
  private final Map<Command, DistributionDataPoint> renderWaits = new java.util.EnumMap<>(Command.class);
  private final CounterDataPoint throttledTiles;
  private final CounterDataPoint throttledRenders;
  private final CounterDataPoint hotHits;
  private final CounterDataPoint hotMisses;
  private final CounterDataPoint busyOld;
  private final CounterDataPoint demoted;
  private final CounterDataPoint busyMissing;
  private volatile PopularityMetrics popularity = PopularityMetrics.NONE;
  /** Fresh and all tiles served at the last samples, oldest first; guarded by itself. */
  private final ArrayDeque<long[]> servedSamples = new ArrayDeque<>();
  private volatile double freshShare = Double.NaN;

  /**
   * @param waitingRenders renders the frontend is waiting for now
   * @param hotTiles tiles in the hot cache now
   */
  public FrontendStats(List<Layer> layers, LongSupplier waitingRenders, LongSupplier hotTiles) {
    this.layers = List.copyOf(layers);
    this.maxZoom = layers.stream().mapToInt(Layer::maxZoom).max().orElse(0);
    Counter http = counter("modtile_http_responses", "Number of HTTP responses by response code", "status");
    for (int i = 0; i < STATUSES.length; i++) {
      responses[i] = http.labelValues(STATUSES[i]);
    }
    Counter tiles = counter("modtile_tiles", "Tiles served", "age", "rendered");
    for (Served s : Served.values()) {
      served[s.ordinal()] = tiles.labelValues(s.age, s.rendered);
    }
    Counter zoom = counter("modtile_zoom_responses", "Tiles served by zoom level", "zoom");
    Counter reads = counter("modtile_tile_reads", "Tiles served from the tile buffer", "zoom");
    Counter readSeconds = counter("modtile_tile_reads_seconds", "Tile buffer duration", "zoom");
    zoomResponses = new CounterDataPoint[maxZoom + 1];
    zoomReads = new CounterDataPoint[maxZoom + 1];
    zoomReadSeconds = new CounterDataPoint[maxZoom + 1];
    for (int z = 0; z <= maxZoom; z++) {
      String label = String.format(Locale.ROOT, "%02d", z);
      zoomResponses[z] = zoom.labelValues(label);
      zoomReads[z] = reads.labelValues(label);
      zoomReadSeconds[z] = readSeconds.labelValues(label);
    }
    Counter layerCounter = counter("modtile_layer_responses", "Layer responses", "layer", "status");
    Histogram latency = Histogram.builder().name("jtile_frontend_request_duration_seconds")
        .help("Time to answer tile requests by layer, render waits included").labelNames("layer")
        .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .withoutExemplars().register(registry);
    for (Layer layer : layers) {
      layerResponses.put(layer, new CounterDataPoint[] {
          layerCounter.labelValues(layer.uri(), "200"), layerCounter.labelValues(layer.uri(), "404")});
      layerLatency.put(layer, latency.labelValues(layer.uri()));
    }
    Histogram waits = Histogram.builder().name("jtile_frontend_render_wait_seconds")
        .help("Time waited for renderd by answer (not_done includes timeouts and renderd unreachable)")
        .labelNames("result").classicOnly().classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30)
        .withoutExemplars().register(registry);
    renderWaits.put(Command.DONE, waits.labelValues("done"));
    renderWaits.put(Command.NOT_DONE, waits.labelValues("not_done"));
    Counter throttled = counter("jtile_frontend_throttled_requests", "Requests denied by a client's token bucket",
        "bucket");
    throttledTiles = throttled.labelValues("tiles");
    throttledRenders = throttled.labelValues("renders");
    Counter hot = counter("jtile_frontend_hot_cache_requests", "Tile reads answered by the hot-tile cache", "result");
    hotHits = hot.labelValues("hit");
    hotMisses = hot.labelValues("miss");
    Counter busy = counter("jtile_frontend_renderd_busy", "Tiles served without waiting because renderd was busy",
        "tile");
    busyOld = busy.labelValues("stale");
    busyMissing = busy.labelValues("missing");
    demoted = Counter.builder().name("jtile_frontend_renders_demoted")
        .help("Renders asked as RenderBulk because the client already waited for its share").withoutExemplars()
        .register(registry).labelValues();
    GaugeWithCallback.builder().name("jtile_frontend_renders_waiting").help("Renders the frontend is waiting for")
        .callback(cb -> cb.call(waitingRenders.getAsLong())).register(registry);
    gauge("jtile_frontend_popularity_views", "Views counted by the popularity record, decayed",
        () -> popularity.views());
    gauge("jtile_frontend_popularity_top_metatiles", "Most-viewed metatiles the popularity record keeps by name",
        () -> popularity.topMetatiles());
    gauge("jtile_frontend_popularity_bytes", "Memory of the popularity record's counts", () -> popularity.bytes());
    gauge("jtile_frontend_refresh_backlog", "Stale popular metatiles the refresh has yet to re-render",
        () -> popularity.refreshBacklog());
    gauge("jtile_frontend_refresh_rendered", "Metatiles re-rendered by the popularity refresh since start",
        () -> popularity.refreshRendered());
    gauge("jtile_frontend_fresh_view_share", "Share of tiles served fresh over the last minute (NaN before)",
        () -> freshShare);
    GaugeWithCallback.builder().name("jtile_frontend_hot_cache_tiles").help("Tiles in the hot-tile cache")
        .callback(cb -> cb.call(hotTiles.getAsLong())).register(registry);
  }

  private void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }

  /** Where the popularity gauges read from (the record outlives a reload that builds new stats, and back). */
  public void popularity(PopularityMetrics metrics) {
    popularity = metrics;
  }

  /**
   * Takes a sample of the tiles served, for the share served fresh over the last minute: called every
   * {@code interval} by one thread.
   */
  public void sampleFreshShare(Duration interval) {
    long fresh = served[Served.FRESH_CACHE.ordinal()].getLongValue() + served[Served.FRESH_RENDER.ordinal()].getLongValue();
    long all = 0;
    for (CounterDataPoint s : served) {
      all += s.getLongValue();
    }
    int keep = (int) Math.max(1, Duration.ofMinutes(1).toNanos() / Math.max(1, interval.toNanos()));
    synchronized (servedSamples) {
      servedSamples.addLast(new long[] {fresh, all});
      while (servedSamples.size() > keep + 1) {
        servedSamples.removeFirst();
      }
      long[] first = servedSamples.getFirst();
      long seen = all - first[1];
      freshShare = seen == 0 ? Double.NaN : (double) (fresh - first[0]) / seen;
    }
  }

  /** The share of tiles served fresh over the last minute; NaN when none were served. */
  public double freshShare() {
    return freshShare;
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
  }

  /** A tile request of {@code layer} answered with {@code status} after {@code nanos}. */
  public void response(Layer layer, int z, int status, long nanos) {
    int index = switch (status) {
      case 200 -> 0;
      case 304 -> 1;
      case 404 -> 2;
      case 503 -> 3;
      default -> status >= 500 ? 4 : 5;
    };
    responses[index].inc();
    CounterDataPoint[] perLayer = layerResponses.get(layer);
    if (status == 200 || status == 304) {
      if (z >= 0 && z <= maxZoom) {
        zoomResponses[z].inc();
      }
      perLayer[0].inc();
    } else if (status == 404) {
      perLayer[1].inc();
    }
    layerLatency.get(layer).observe(nanos / 1e9);
  }

  public void served(Served how) {
    served[how.ordinal()].inc();
  }

  /** A tile read from the hot cache or the store, for mod_tile's tile-buffer counters. */
  public void tileRead(int z, long nanos, boolean hot) {
    if (z <= maxZoom) {
      zoomReads[z].inc();
      zoomReadSeconds[z].inc(nanos / 1e9);
    }
    (hot ? hotHits : hotMisses).inc();
  }

  public void renderWait(Command result, long nanos) {
    renderWaits.get(result == Command.DONE ? Command.DONE : Command.NOT_DONE).observe(nanos / 1e9);
  }

  public void throttled(boolean render) {
    (render ? throttledRenders : throttledTiles).inc();
  }

  public void renderDemoted() {
    demoted.inc();
  }

  public void renderdBusy(boolean missing) {
    (missing ? busyMissing : busyOld).inc();
  }

  /** The HTTP statuses {@link Totals#byStatus} counts, in its order. */
  public static List<String> statuses() {
    return List.of(STATUSES);
  }

  /** Running totals, for the operations page to turn into rates. */
  public record Totals(long[] byStatus, long hotHits, long hotMisses, long rendersDone, long rendersNotDone,
      long throttled) {}

  public Totals totals() {
    long[] byStatus = new long[STATUSES.length];
    for (int i = 0; i < STATUSES.length; i++) {
      byStatus[i] = responses[i].getLongValue();
    }
    return new Totals(byStatus, hotHits.getLongValue(), hotMisses.getLongValue(),
        renderWaits.get(Command.DONE).getCount(), renderWaits.get(Command.NOT_DONE).getCount(),
        throttledTiles.getLongValue() + throttledRenders.getLongValue());
  }

  /** Prometheus text of every metric. */
  public void writePrometheus(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  /** mod_tile's {@code /mod_tile} page: {@code Key: value} lines in its order. */
  public String modTilePage() {
    StringBuilder page = new StringBuilder(4096);
    for (int i = 0; i < STATUSES.length; i++) {
      line(page, STATUS_KEYS[i], responses[i].getLongValue());
    }
    for (Served s : List.of(Served.FRESH_CACHE, Served.OLD_CACHE, Served.VERY_OLD_CACHE, Served.FRESH_RENDER,
        Served.OLD_RENDER, Served.VERY_OLD_RENDER)) {
      line(page, s.pageKey, served[s.ordinal()].getLongValue());
    }
    long reads = 0;
    double seconds = 0;
    for (int z = 0; z <= maxZoom; z++) {
      line(page, String.format(Locale.ROOT, "NoRespZoom%02d", z), zoomResponses[z].getLongValue());
      reads += zoomReads[z].getLongValue();
      seconds += zoomReadSeconds[z].get();
    }
    line(page, "NoTileBufferReads", reads);
    line(page, "DurationTileBufferReads", Math.round(seconds * 1e6));
    for (int z = 0; z <= maxZoom; z++) {
      line(page, String.format(Locale.ROOT, "NoTileBufferReadZoom%02d", z), zoomReads[z].getLongValue());
      line(page, String.format(Locale.ROOT, "DurationTileBufferReadZoom%02d", z),
          Math.round(zoomReadSeconds[z].get() * 1e6));
    }
    for (Layer layer : layers) {
      CounterDataPoint[] counts = layerResponses.get(layer);
      line(page, "NoRes200Layer" + layer.uri(), counts[0].getLongValue());
      line(page, "NoRes404Layer" + layer.uri(), counts[1].getLongValue());
    }
    return page.toString();
  }

  private static void line(StringBuilder page, String key, long value) {
    page.append(key).append(": ").append(value).append('\n');
  }
}
