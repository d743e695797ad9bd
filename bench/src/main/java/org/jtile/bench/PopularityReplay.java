package org.jtile.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.PopularityConfig;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.popularity.FrequencySketch;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.ExternalProcess;

/**
 * After an import, how soon do viewers see fresh tiles? A region's cache (zooms 0–16) fully rendered, an
 * access trace generated ({@link ReplayTrace}), then for each strategy: both daemons started (jtile's
 * renderd with the test renderer at a fixed cost per metatile and a fixed thread count), the import
 * (every metatile back-dated, planet-import-complete touched), and the trace replayed at a fixed rate by
 * keep-alive HTTP clients. A tile is fresh when its Last-Modified is not before the import. Strategies:
 *
 * <ul>
 *   <li>on view: stale tiles re-rendered as they are viewed (mod_tile's state machine), nothing else;
 *   <li>mod_tile: on view, plus Debian's render_old from the moment of the import (zoom and path order);
 *   <li>jtile: the popularity refresh, ordered by a record of the day before (the same places, another
 *       day's requests).
 * </ul>
 *
 * Prints, per strategy, when the share of fresh views reached 50 % and 90 % and the latencies, and draws
 * the share over time to a PNG.
 *
 * <p>Run: {@code bench/popularity-replay.sh} (or {@code bench/run.sh PopularityReplay [requests] [rate]
 * [render_ms] [threads] [png]})
 */
public final class PopularityReplay {
  private static final ReplayTrace.Region REGION = new ReplayTrace.Region(5.5, 15.5, 45.0, 50.5);
  private static final String STYLE = "default";
  private static final int CLIENTS = 64;
  private static final int WINDOW_SECONDS = 5;

  enum Strategy {
    ON_VIEW("on view only"),
    MOD_TILE("mod_tile: on view + render_old"),
    JTILE("jtile: popularity refresh");

    final String label;

    Strategy(String label) {
      this.label = label;
    }
  }

  /** One replay's observations, by request index. */
  record Run(Strategy strategy, int[] sentMillis, boolean[] fresh, int[] latencyMicros, double seconds) {}

  private PopularityReplay() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
    int renderMs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Path png = Path.of(args.length > 4 ? args[4] : "popularity-replay.png");
    Path work = Files.createTempDirectory("jtile-replay");
    try {
      run(work, requests, rate, renderMs, threads, png);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(Path work, int requests, int rate, int renderMs, int threads, Path png) throws Exception {
    ReplayTrace today = ReplayTrace.generate(REGION, 1, 2, requests);
    ReplayTrace yesterday = ReplayTrace.generate(REGION, 1, 3, requests);
    Path tiles = Files.createDirectories(work.resolve("tiles"));
    List<Path> files = writeCache(tiles);
    describe(today, files.size());
    Path records = Files.createDirectories(work.resolve("popularity"));
    writeRecord(yesterday, records.resolve("yesterday" + RecordFile.SUFFIX));
    System.out.printf(Locale.ROOT, "replay: %d requests at %d/s by %d clients; renderd: %d threads, %d ms a "
        + "metatile (%d metatiles/s)%n", requests, rate, CLIENTS, threads, renderMs, threads * 1000 / renderMs);

    List<Run> runs = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      runs.add(replay(strategy, work, tiles, files, records, today, rate, renderMs, threads));
      report(runs.get(runs.size() - 1), rate);
    }
    LineChart chart = new LineChart("Share of tile views served fresh after an import (" + files.size()
        + " stale metatiles, " + threads * 1000 / renderMs + " renders/s, " + rate + " views/s)",
        "seconds since the import", "fresh views, " + WINDOW_SECONDS + " s windows");
    for (Run r : runs) {
      double[][] curve = curve(r);
      chart.add(r.strategy().label, curve[0], curve[1]);
    }
    chart.write(png);
    System.out.println("chart: " + png.toAbsolutePath());
  }

  private static Run replay(Strategy strategy, Path work, Path tiles, List<Path> files, Path records,
      ReplayTrace trace, int rate, int renderMs, int threads) throws Exception {
    Path socket = work.resolve("renderd-" + strategy.ordinal() + ".sock");
    MapConfig map = MapConfig.builder(STYLE).tileDir(tiles.toString())
        .renderer("test", Map.of("delay_ms", String.valueOf(renderMs), "draw", "false")).build();
    Files.deleteIfExists(tiles.resolve("planet-import-complete"));
    for (Path f : files) {
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(600)));
    }
    PopularityConfig popularity = strategy == Strategy.JTILE
        ? new PopularityConfig(true, Optional.of(records), "yesterday", 4_000_000, 200_000, Duration.ofDays(7),
            Duration.ofDays(1), true, 0.95, 2 * threads, Duration.ofSeconds(1), "")
        : PopularityConfig.OFF;
    FrontendConfig config = FrontendConfig.of(List.of(Layer.simple("/tiles/", STYLE, tiles.toString())),
        Optional.of(UnixDomainSocketAddress.of(socket)), RenderPolicy.timeouts(Duration.ofSeconds(3),
            Duration.ofSeconds(3))).withPopularity(popularity);
    try (Renderd renderd = Renderd.start(RenderdConfig.builder(List.of(map)).socket(socket).threads(threads)
        .build(), Renderers.providers())) {
      FrontendServer frontend = new FrontendServer(config, Clock.systemUTC(), () -> 0.5);
      frontend.start();
      ExternalProcess renderOld = null;
      try {
        Thread.sleep(1500);
        // the import: a whole second, so Last-Modified (whole seconds) tells fresh from stale exactly
        Instant imported = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1);
        for (Path f : files) {
          Files.setLastModifiedTime(f, FileTime.from(imported.minusSeconds(60)));
        }
        Path planet = tiles.resolve("planet-import-complete");
        Files.writeString(planet, "");
        Files.setLastModifiedTime(planet, FileTime.from(imported));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), imported).toMillis() + 1100));
        if (strategy == Strategy.MOD_TILE) {
          Path conf = new ClassicRenderdConf(socket, tiles).map(STYLE, work.resolve("unused.xml"))
              .writeTo(work.resolve("render_old.conf"));
          renderOld = ExternalProcess.start("render_old", work, List.of("/usr/bin/render_old", "-c", conf.toString(),
              "-m", STYLE, "-s", socket.toString(), "-t", tiles.toString(), "-z", "0", "-Z",
              String.valueOf(ReplayTrace.MAX_ZOOM), "-n", String.valueOf(2 * threads), "-l", "1000"));
        }
        return drive(strategy, frontend.port(), trace, rate, imported);
      } finally {
        if (renderOld != null) {
          renderOld.close();
        }
        frontend.close();
      }
    }
  }

  /** Replays {@code trace} at {@code rate} from {@code CLIENTS} keep-alive connections. */
  private static Run drive(Strategy strategy, int port, ReplayTrace trace, int rate, Instant imported)
      throws InterruptedException {
    int n = trace.size();
    int[] sent = new int[n];
    boolean[] fresh = new boolean[n];
    int[] latency = new int[n];
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    double nanosPer = 1e9 / rate;
    long importSecond = imported.getEpochSecond();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread t = new Thread(() -> {
        Map<String, Long> dates = new HashMap<>();
        Connection connection = null;
        try {
          int i;
          while ((i = next.getAndIncrement()) < n) {
            long due = start + (long) (i * nanosPer);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            long at = System.nanoTime();
            if (connection == null) {
              connection = new Connection(port);
            }
            String lastModified = connection.get("/tiles/" + trace.z[i] + "/" + trace.x[i] + "/" + trace.y[i]
                + ".png");
            latency[i] = (int) ((System.nanoTime() - at) / 1000);
            sent[i] = (int) ((at - start) / 1_000_000);
            fresh[i] = lastModified != null && dates.computeIfAbsent(lastModified,
                d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond()) >= importSecond;
          }
        } catch (IOException e) {
          System.err.println("client failed: " + e);
        } finally {
          if (connection != null) {
            connection.close();
          }
        }
      }, "replay-client-" + c);
      clients.add(t);
      t.start();
    }
    for (Thread t : clients) {
      t.join();
    }
    return new Run(strategy, sent, fresh, latency, (System.nanoTime() - start) / 1e9);
  }

  /** One keep-alive HTTP/1.1 connection: a request, its status and Last-Modified, the body skipped. */
  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      out = new BufferedOutputStream(socket.getOutputStream(), 512);
      in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** The response's Last-Modified if it was a 200, else null. */
    String get(String path) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\nHost: replay\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      int length = 0;
      String lastModified = null;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")) {
          length = Integer.parseInt(header.substring(colon + 1).trim());
        } else if (name.equals("last-modified")) {
          lastModified = header.substring(colon + 1).trim();
        }
      }
      in.skipNBytes(length);
      return status.startsWith("HTTP/1.1 200") ? lastModified : null;
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** The share of fresh views over {@value #WINDOW_SECONDS}-second windows, a point a second. */
  private static double[][] curve(Run r) {
    int seconds = (int) Math.ceil(r.seconds()) + 1;
    long[] all = new long[seconds];
    long[] fresh = new long[seconds];
    for (int i = 0; i < r.sentMillis().length; i++) {
      int s = r.sentMillis()[i] / 1000;
      all[s]++;
      if (r.fresh()[i]) {
        fresh[s]++;
      }
    }
    List<double[]> points = new ArrayList<>();
    for (int s = WINDOW_SECONDS; s <= seconds; s++) {
      long a = 0;
      long f = 0;
      for (int k = s - WINDOW_SECONDS; k < s; k++) {
        a += all[k];
        f += fresh[k];
      }
      if (a > 0) {
        points.add(new double[] {s, 100.0 * f / a});
      }
    }
    double[][] curve = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      curve[0][i] = points.get(i)[0];
      curve[1][i] = points.get(i)[1];
    }
    return curve;
  }

  /** Seconds until the windowed fresh share first reached {@code percent}, or -1. */
  private static double reached(double[][] curve, double percent) {
    for (int i = 0; i < curve[0].length; i++) {
      if (curve[1][i] >= percent) {
        return curve[0][i];
      }
    }
    return -1;
  }

  private static void report(Run r, int rate) {
    double[][] curve = curve(r);
    long fresh = 0;
    for (boolean f : r.fresh()) {
      fresh += f ? 1 : 0;
    }
    int[] sorted = r.latencyMicros().clone();
    Arrays.sort(sorted);
    int waited = 0;
    for (int l : sorted) {
      waited += l >= 10_000 ? 1 : 0;
    }
    int[] waits = Arrays.copyOfRange(sorted, sorted.length - waited, sorted.length);
    System.out.printf(Locale.ROOT, "%-32s 50%% fresh at %5.0f s, 90%% at %5.0f s; fresh views overall %4.1f %%; "
        + "%.0f s at %.0f/s (target %d)%n", r.strategy().label, reached(curve, 50), reached(curve, 90),
        100.0 * fresh / sorted.length, r.seconds(), sorted.length / r.seconds(), rate);
    System.out.printf(Locale.ROOT, "%-32s latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.0f ms; %d views "
        + "(%.2f %%) waited >= 10 ms: p50 %.0f ms, p99 %.0f ms%n", "", percentile(sorted, 50) / 1e3,
        percentile(sorted, 99) / 1e3, percentile(sorted, 99.9) / 1e3, sorted[sorted.length - 1] / 1e3, waited,
        100.0 * waited / sorted.length, percentile(waits, 50) / 1e3, percentile(waits, 99) / 1e3);
  }

  private static double percentile(int[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /** What the trace looks like: how skewed the views are over the region's metatiles. */
  private static void describe(ReplayTrace trace, int metatiles) {
    Map<MetatileCoord, Integer> views = new HashMap<>();
    for (int i = 0; i < trace.size(); i++) {
      views.merge(trace.metatile(i), 1, Integer::sum);
    }
    int[] counts = views.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    long covered = 0;
    int needed90 = 0;
    for (int i = counts.length - 1; i >= 0 && covered < 0.9 * trace.size(); i--) {
      covered += counts[i];
      needed90++;
    }
    System.out.printf(Locale.ROOT, "trace: %d views of %d distinct metatiles (of %d in the region); 90 %% of the "
        + "views on %d metatiles (%.1f %% of the region's)%n", trace.size(), counts.length, metatiles, needed90,
        100.0 * needed90 / metatiles);
  }

  /** Every metatile of the region, zooms 0–16, written with blank tiles; returns their files. */
  private static List<Path> writeCache(Path tiles) throws IOException {
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    byte[][] blank = new byte[64][];
    Arrays.fill(blank, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    List<Path> files = new ArrayList<>();
    Set<MetatileCoord> seen = new HashSet<>();
    for (int z = 0; z <= ReplayTrace.MAX_ZOOM; z++) {
      REGION.forEachMetatile(z, m -> {
        if (seen.add(m)) {
          MetatileKey key = new MetatileKey(STYLE, "", m);
          try {
            store.write(key, MetatileWriter.write(m, blank));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          files.add(store.path(key));
        }
      });
    }
    return files;
  }

  /** The record a frontend would have kept of {@code trace}: the day before the import. */
  private static void writeRecord(ReplayTrace trace, Path file) throws IOException {
    PopularityRecord record = new PopularityRecord(FrequencySketch.widthFor(4_000_000), 200_000);
    for (int i = 0; i < trace.size(); i++) {
      record.viewed(STYLE, trace.metatile(i));
      if (i % 10_000 == 0) {
        record.maintain();
      }
    }
    record.maintain();
    RecordFile.write(record, file);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
