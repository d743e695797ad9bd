package org.jtile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulk downloader against a map user, over HTTP from loopback addresses of their own (127.0.0.2,
 * 127.0.0.3, …, so a tile server can tell them apart): the downloaders ask distinct missing z16 tiles, each
 * in its own metatile, as fast as they are answered; the user asks one missing z12 tile (a new metatile
 * each time) and {@link #CACHED_PER_SECOND} cached z3 tiles a second. The figures it returns are what a
 * fair tile server is judged by: the user's latencies against a render measured idle in the same run, and
 * the downloaders' share.
 *
 * <p>The same tile addresses as the reference stack's {@code bench-flood.sh}, so runs against Apache +
 * mod_tile and jtile ask for the same work. Every request is bounded by {@link #REQUEST_TIMEOUT}.
 */
public final class FairShareLoad {
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Cached tiles the user asks a second (a map page scrolled): enough samples that a p99 over a short run
   * is not just its slowest request.
   */
  static final int CACHED_PER_SECOND = 8;

  /**
   * @param base the server the user asks, e.g. {@code http://127.0.0.1:8080}
   * @param downloadersBase the server the downloaders ask: the same, or another frontend of one renderd
   * @param layer the layer's URI path, e.g. {@code /tiles/world}
   * @param user the map user's source address
   * @param downloaders the bulk downloaders' source addresses
   * @param concurrency requests each downloader keeps in flight
   * @param run a number that moves every tile, so runs against one cache ask for new work
   */
  public record Scenario(URI base, URI downloadersBase, String layer, InetAddress user, List<InetAddress> downloaders,
      int concurrency, Duration length, int run) {}

  /** Latencies in seconds and the status codes of one kind of request. */
  public record Sample(List<Double> seconds, int ok, int notFound, int other) {
    public double percentile(double p) {
      if (seconds.isEmpty()) {
        return Double.NaN;
      }
      List<Double> sorted = new ArrayList<>(seconds);
      Collections.sort(sorted);
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    @Override
    public String toString() {
      return String.format("n=%d p50=%.3fs p90=%.3fs p99=%.3fs (200: %d, 404: %d, other: %d)", seconds.size(),
          percentile(50), percentile(90), percentile(99), ok, notFound, other);
    }
  }

  /**
   * @param idle the user's missing tiles before the load: a render alone
   * @param downloaders every downloader request; its 200s are renders done for them
   */
  public record Result(Sample idle, Sample userMissing, Sample userCached, Sample downloaders, double seconds) {
    /** The downloaders' share of the renders done for anyone during the run. */
    public double downloaderShare() {
      return downloaders.ok / (double) (downloaders.ok + userMissing.ok);
    }

    public String report() {
      return String.format("idle render %s%nuser missing %s%nuser cached %s%ndownloaders %s, %.1f renders/s,"
              + " %.0f %% of the renders%n", idle, userMissing, userCached, downloaders, downloaders.ok / seconds,
          100 * downloaderShare());
    }
  }

  private FairShareLoad() {}

  /** Asks the user's cached tiles once, so they are cached before {@link #run}. */
  public static void warmCache(Scenario s) throws InterruptedException {
    for (int i = 0; i < 64; i++) {
      get(s.base, cachedTile(s, i), s.user);
    }
  }

  public static Result run(Scenario s) throws InterruptedException {
    Recorder idle = new Recorder();
    for (int k = 1; k <= 3; k++) {
      // a metatile each: every one is a render
      idle.record(get(s.base, s.layer + "/12/" + ((300 + k) * 8) + "/" + (200 * 8 + s.run) + ".png", s.user));
    }
    Recorder bulk = new Recorder();
    Recorder missing = new Recorder();
    Recorder cached = new Recorder();
    AtomicInteger nextTile = new AtomicInteger();
    long end = System.nanoTime() + s.length.toNanos();
    int threads = s.downloaders.size() * s.concurrency;
    ExecutorService load = Executors.newFixedThreadPool(threads, r -> new Thread(r, "fair-share-downloader"));
    // the user's own threads, so its requests leave on time whatever the downloaders do
    ExecutorService user = Executors.newFixedThreadPool(8, r -> new Thread(r, "fair-share-user"));
    long start = System.nanoTime();
    try {
      for (InetAddress downloader : s.downloaders) {
        for (int c = 0; c < s.concurrency; c++) {
          load.execute(() -> {
            while (System.nanoTime() - end < 0) {
              int i = nextTile.getAndIncrement();
              String path = s.layer + "/16/" + ((2000 + i % 1000) * 8 + 3) + "/"
                  + ((4000 + 400 * s.run + i / 1000) * 8 + 5) + ".png";
              bulk.record(get(s.downloadersBase, path, downloader));
            }
          });
        }
      }
      for (int i = 1; System.nanoTime() - end < 0; i++) {
        long second = System.nanoTime();
        int n = i;
        user.execute(() -> missing.record(get(s.base,
            s.layer + "/12/" + ((310 + n) * 8 + 2) + "/" + ((210 + s.run) * 8 + 1) + ".png", s.user)));
        for (int c = 0; c < CACHED_PER_SECOND; c++) {
          int tile = n * CACHED_PER_SECOND + c;
          user.execute(() -> cached.record(get(s.base, cachedTile(s, tile), s.user)));
          TimeUnit.NANOSECONDS.sleep(Math.max(0, second + (c + 1) * 1_000_000_000L / CACHED_PER_SECOND
              - System.nanoTime()));
        }
      }
    } finally {
      for (ExecutorService pool : List.of(load, user)) {
        pool.shutdown();
        if (!pool.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
          pool.shutdownNow();
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(idle.sample(), missing.sample(), cached.sample(), bulk.sample(), seconds);
  }

  private static String cachedTile(Scenario s, int i) {
    return s.layer + "/3/" + (i % 8) + "/" + (i / 8 % 8) + ".png";
  }

  /** One HTTP/1.1 GET from {@code from}: its status and seconds; status 0 when it failed. */
  static double[] get(URI base, String path, InetAddress from) {
    long start = System.nanoTime();
    int status = 0;
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) REQUEST_TIMEOUT.toMillis());
      socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      int read = in.readNBytes(head, 0, 12);
      if (read == 12) {
        status = Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
      }
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | NumberFormatException e) {
      // no answer, or no status line: counted as status 0
    }
    return new double[] {status, (System.nanoTime() - start) / 1e9};
  }

  /** Collects one kind of request's results from several threads. */
  private static final class Recorder {
    private final List<Double> seconds = new ArrayList<>();
    private int ok;
    private int notFound;
    private int other;

    synchronized void record(double[] result) {
      seconds.add(result[1]);
      switch ((int) result[0]) {
        case 200 -> ok++;
        case 404 -> notFound++;
        default -> other++;
      }
    }

    synchronized Sample sample() {
      return new Sample(List.copyOf(seconds), ok, notFound, other);
    }
  }
}
