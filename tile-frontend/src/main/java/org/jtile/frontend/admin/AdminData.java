package org.jtile.frontend.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jtile.frontend.stats.FrontendStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations page's figures: sampled every {@link AdminConfig#sampleInterval} on the {@code
 * admin-sampler} thread into a ring of the last {@link #SAMPLES}, and written as one JSON document per
 * sample, so a page load reads a string and takes no lock, and the daemons are read once per sample
 * whoever watches.
 *
 * <p>Threads: the sampler writes; request threads read {@link #json}, a volatile string.
 */
public final class AdminData implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminData.class);
  /** Samples kept: ten minutes at the default two seconds. */
  static final int SAMPLES = 300;
  static final int HEAT_CELLS = 2000;
  static final int CLIENTS = 20;

  /** One sample: rates per second over the interval before it, levels at its time. */
  record Sample(long epochSecond, double[] byStatus, double throttled, Double hotHitPercent, double rendersDone,
      double rendersNotDone, long waiting, Optional<RenderdScrape.Figures> renderd, double[] renderdRates) {}

  private final FrontendStats stats;
  private final Activity activity;
  private final LongSupplier waiting;
  /** A client's throttle state, by its key, for the busiest clients' table. */
  private final Function<String, String> throttleState;
  private final Optional<RenderdScrape> renderd;
  private final Clock clock;
  private final double intervalSeconds;
  private final int samplesPerMinute;
  private final ScheduledExecutorService sampler;
  /** Sampler thread only. */
  private final Deque<Sample> ring = new ArrayDeque<>();
  private FrontendStats.Totals lastTotals;
  private Optional<RenderdScrape.Figures> lastRenderd = Optional.empty();
  private long samples;
  /** The latest document, UTF-8. */
  private volatile byte[] json;

  /** Not sampling until {@link #start}ed: tests call {@link #sample} themselves. */
  AdminData(AdminConfig config, FrontendStats stats, Activity activity, LongSupplier waiting,
      Function<String, String> throttleState, Clock clock) {
    this.stats = stats;
    this.activity = activity;
    this.waiting = waiting;
    this.throttleState = throttleState;
    this.renderd = config.renderdMetrics().map(RenderdScrape::new);
    this.clock = clock;
    this.intervalSeconds = config.sampleInterval().toMillis() / 1000.0;
    this.samplesPerMinute = (int) Math.max(1, 60_000 / config.sampleInterval().toMillis());
    this.lastTotals = stats.totals();
    this.json = write().getBytes(StandardCharsets.UTF_8);
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "admin-sampler");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The page's figures, sampled from now on every {@code config.sampleInterval()}.
   *
   * @param waiting renders the frontend waits for now
   * @param throttleState what the throttle holds for a client, by its key
   */
  public static AdminData start(AdminConfig config, FrontendStats stats, Activity activity, LongSupplier waiting,
      Function<String, String> throttleState, Clock clock) {
    AdminData data = new AdminData(config, stats, activity, waiting, throttleState, clock);
    long millis = config.sampleInterval().toMillis();
    data.sampler.scheduleAtFixedRate(data::sampleQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return data;
  }

  /** The page's data: the latest sample's document, UTF-8 JSON. */
  public byte[] json() {
    return json;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      log.warn("operations page: sampling failed: {}", e.toString());
    }
  }

  /** Takes one sample and rewrites the document. Sampler thread (and tests). */
  void sample() {
    FrontendStats.Totals now = stats.totals();
    FrontendStats.Totals before = lastTotals;
    lastTotals = now;
    double[] byStatus = new double[now.byStatus().length];
    for (int i = 0; i < byStatus.length; i++) {
      byStatus[i] = rate(now.byStatus()[i] - before.byStatus()[i]);
    }
    long reads = now.hotHits() - before.hotHits() + now.hotMisses() - before.hotMisses();
    Double hitPercent = reads == 0 ? null : 100.0 * (now.hotHits() - before.hotHits()) / reads;
    Optional<RenderdScrape.Figures> figures = renderd.flatMap(RenderdScrape::read);
    double[] renderdRates = new double[RenderdScrape.CLASSES.length];
    if (figures.isPresent() && lastRenderd.isPresent()) {
      for (int i = 0; i < renderdRates.length; i++) {
        String c = RenderdScrape.CLASSES[i];
        renderdRates[i] = Math.max(0, rate(figures.get().renders().get(c) - lastRenderd.get().renders().get(c)));
      }
    }
    lastRenderd = figures;
    ring.addLast(new Sample(clock.instant().getEpochSecond(), byStatus, rate(now.throttled() - before.throttled()),
        hitPercent, rate(now.rendersDone() - before.rendersDone()),
        rate(now.rendersNotDone() - before.rendersNotDone()), waiting.getAsLong(), figures, renderdRates));
    if (ring.size() > SAMPLES) {
      ring.removeFirst();
    }
    if (++samples % samplesPerMinute == 0) {
      activity.nextMinute();
    }
    json = write().getBytes(StandardCharsets.UTF_8);
  }

  private double rate(double delta) {
    return delta / intervalSeconds;
  }

  private String write() {
    List<Sample> all = new ArrayList<>(ring);
    StringBuilder out = new StringBuilder(16_384 + all.size() * 200);
    out.append("{\"interval\":").append(number(intervalSeconds));
    out.append(",\"statuses\":[");
    List<String> statuses = FrontendStats.statuses();
    for (int i = 0; i < statuses.size(); i++) {
      out.append(i == 0 ? "" : ",").append('"').append(statuses.get(i)).append('"');
    }
    out.append("],\"classes\":[");
    for (int i = 0; i < RenderdScrape.CLASSES.length; i++) {
      out.append(i == 0 ? "" : ",").append('"').append(RenderdScrape.CLASSES[i]).append('"');
    }
    out.append("],\"renderd\":").append(renderd.isPresent());
    out.append(",\"time\":");
    column(out, all, s -> (double) s.epochSecond());
    for (int i = 0; i < statuses.size(); i++) {
      int status = i;
      out.append(",\"tiles_").append(statuses.get(i)).append("\":");
      column(out, all, s -> s.byStatus()[status]);
    }
    out.append(",\"throttled\":");
    column(out, all, Sample::throttled);
    out.append(",\"hot_hit_percent\":");
    column(out, all, Sample::hotHitPercent);
    out.append(",\"renders_done\":");
    column(out, all, Sample::rendersDone);
    out.append(",\"renders_not_done\":");
    column(out, all, Sample::rendersNotDone);
    out.append(",\"renders_waiting\":");
    column(out, all, s -> (double) s.waiting());
    for (int i = 0; i < RenderdScrape.CLASSES.length; i++) {
      String c = RenderdScrape.CLASSES[i];
      int index = i;
      out.append(",\"queue_").append(c).append("\":");
      column(out, all, s -> s.renderd().map(f -> f.waiting().get(c)).orElse(null));
      out.append(",\"rendered_").append(c).append("\":");
      column(out, all, s -> s.renderd().isPresent() ? s.renderdRates()[index] : null);
    }
    out.append(",\"render_time\":");
    renderTime(out, all.isEmpty() ? Optional.empty() : all.get(all.size() - 1).renderd());
    out.append(",\"clients\":[");
    // addresses and throttle states are written by jtile (IP literals, "tiles 80%, renders 100% left"):
    // nothing in them needs escaping
    List<Activity.Client> clients = activity.busiest(CLIENTS);
    for (int i = 0; i < clients.size(); i++) {
      Activity.Client c = clients.get(i);
      out.append(i == 0 ? "" : ",").append("{\"address\":\"").append(c.address()).append("\",\"requests\":")
          .append(c.requests()).append(",\"renders\":").append(c.renders()).append(",\"throttled\":")
          .append(c.throttled()).append(",\"throttle\":\"").append(throttleState.apply(c.address())).append("\"}");
    }
    out.append("],\"heat\":{\"requests\":");
    heat(out, activity.heat(false, HEAT_CELLS));
    out.append(",\"renders\":");
    heat(out, activity.heat(true, HEAT_CELLS));
    out.append("},\"heat_dropped\":").append(activity.dropped()).append('}');
    return out.toString();
  }

  private interface Column {
    Double of(Sample s);
  }

  private static void column(StringBuilder out, List<Sample> samples, Column column) {
    out.append('[');
    for (int i = 0; i < samples.size(); i++) {
      out.append(i == 0 ? "" : ",").append(number(column.of(samples.get(i))));
    }
    out.append(']');
  }

  private static void renderTime(StringBuilder out, Optional<RenderdScrape.Figures> figures) {
    Map<Integer, double[]> times = figures.map(RenderdScrape.Figures::renderTime).orElse(Map.of());
    StringBuilder zooms = new StringBuilder("[");
    StringBuilder p50 = new StringBuilder("[");
    StringBuilder p99 = new StringBuilder("[");
    times.forEach((z, t) -> {
      String comma = zooms.length() > 1 ? "," : "";
      zooms.append(comma).append(z);
      p50.append(comma).append(number(t[0]));
      p99.append(comma).append(number(t[1]));
    });
    out.append("{\"zooms\":").append(zooms).append("],\"p50\":").append(p50).append("],\"p99\":").append(p99)
        .append("]}");
  }

  private static void heat(StringBuilder out, List<Activity.Cell> cells) {
    out.append('[');
    for (int i = 0; i < cells.size(); i++) {
      Activity.Cell c = cells.get(i);
      out.append(i == 0 ? "[" : ",[").append(c.z()).append(',').append(c.x()).append(',').append(c.y()).append(',')
          .append(c.count()).append(']');
    }
    out.append(']');
  }

  private static String number(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "null";
    }
    double v = value;
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
