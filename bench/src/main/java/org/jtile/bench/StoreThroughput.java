package org.jtile.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.TileSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.jtile.store.s3.S3Buckets;
import org.jtile.testing.Memcached;
import org.jtile.testing.S3Proxy;

/**
 * Tiles/s served through each storage backend in one run: the frontend (hot-tile cache off, a stat per
 * request, so the store is what is measured) with one layer per backend — file, memory over file,
 * memcached (Debian's) and S3 (S3Proxy, in memory) — each holding z0-5 (1365 tiles), driven by HTTP
 * clients on loopback for a fixed time each.
 *
 * <p>{@code bench/run.sh StoreThroughput [SECONDS=10] [CLIENTS=8]} (S3Proxy's jar comes from the store
 * module's build: store/target/s3proxy/s3proxy.jar)
 */
public final class StoreThroughput {
  private StoreThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    if (System.getProperty("jtile.s3proxy.jar") == null) {
      System.setProperty("jtile.s3proxy.jar", Path.of("store/target/s3proxy/s3proxy.jar").toAbsolutePath().toString());
    }
    Path dir = Files.createTempDirectory("jtile-store-bench");
    Path files = Files.createDirectories(dir.resolve("file"));
    Path behindMemory = Files.createDirectories(dir.resolve("memory"));
    try (Memcached memcached = Memcached.start(dir, 0); S3Proxy s3 = S3Proxy.start(dir)) {
      S3Buckets.create(s3.endpoint(), "tiles", S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
      String[][] backends = {
          {"file", files.toString()},
          {"memory", "memory:64MiB:" + behindMemory},
          {"memcached", memcached.storage()},
          {"s3", s3.storage("tiles", "bench")}};
      List<Layer> layers = new ArrayList<>();
      for (String[] b : backends) {
        fill(b[1]);
        layers.add(Layer.simple("/" + b[0] + "/", "osm", b[1]));
      }
      FrontendConfig config = FrontendConfig.of(layers, Optional.empty(), RenderPolicy.DEFAULT)
          .withTiles(new TileSettings(true, true, Duration.ofDays(365), 0, Duration.ZERO, false));
      try (FrontendServer server = new FrontendServer(config, Clock.systemUTC(), () -> 0.0)) {
        server.start();
        System.out.printf(Locale.ROOT, "# store throughput: %d s per backend, %d clients, z0-5, hot-tile cache off%n",
            seconds, clients);
        for (String[] b : backends) {
          run(server.port(), b[0], seconds, clients);
        }
      }
    }
  }

  private static void fill(String storage) throws Exception {
    try (TileStore store = TileStores.open(storage, Clock.systemUTC())) {
      byte[][] tiles = new byte[64][];
      Arrays.fill(tiles, new byte[2048]);
      for (int z = 0; z <= 5; z++) {
        for (int x = 0; x < (1 << z); x += 8) {
          for (int y = 0; y < (1 << z); y += 8) {
            MetatileCoord at = MetatileCoord.containing(z, x, y);
            store.write(new MetatileKey("osm", "", at), MetatileWriter.write(at, tiles));
          }
        }
      }
    }
  }

  private static void run(int port, String layer, int seconds, int clients) throws Exception {
    List<String> urls = new ArrayList<>();
    for (int z = 0; z <= 5; z++) {
      for (int x = 0; x < (1 << z); x++) {
        for (int y = 0; y < (1 << z); y++) {
          urls.add("http://127.0.0.1:" + port + "/" + layer + "/" + z + "/" + x + "/" + y + ".png");
        }
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int offset = c * 7919;
      running.add(pool.submit(() -> {
        for (int i = offset; System.nanoTime() < end; i++) {
          long start = System.nanoTime();
          try {
            int code = http.send(HttpRequest.newBuilder(URI.create(urls.get(i % urls.size()))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            (code == 200 ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
          latencies.add(System.nanoTime() - start);
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-10s %9.0f tiles/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", layer,
        ok.get() / (double) seconds, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
        failed.get());
  }
}
