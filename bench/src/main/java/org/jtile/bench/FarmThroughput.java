package org.jtile.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtile.config.ClusterConfig;
import org.jtile.config.MapConfig;
import org.jtile.config.QueueConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.cluster.SharedQueue;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.Redis;

/**
 * A render farm's scaling and its cost in Redis, on loopback with Debian's redis-server:
 *
 * <ol>
 *   <li><b>throughput</b> with 1–4 hosts (in this process, each with its own socket, Lettuce client and
 *       two render threads; the test renderer sleeps RENDER_MS a metatile and draws nothing, so the two
 *       cores are not the limit): clients on every host's socket keep the farm busy with Bulk requests;
 *       metatiles/s, efficiency against the one-host rate times the hosts, and per job Redis round trips
 *       (script calls) and commands (counting those the scripts run);
 *   <li><b>a 1 000 000-metatile import burst</b> announced to the shared queue as Dirty jobs (pipelined, one
 *       client, as render_expired sends them): enqueue rate, and Redis memory per queued job.
 * </ol>
 *
 * <p>Run: {@code bench/farm-throughput.sh [RENDER_MS=50] [BURST=1000000]}
 */
public final class FarmThroughput {
  private static final int THREADS_PER_HOST = 2;
  private static final int CLIENTS_PER_HOST = 12;
  private static final int METATILES_PER_HOST = 240;

  private FarmThroughput() {}

  public static void main(String[] args) throws Exception {
    int renderMs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir = Files.createTempDirectory("jtile-farm");
    try (Redis redis = Redis.start(dir)) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> admin = client.connect()) {
        System.out.printf(Locale.ROOT, "render cost %d ms a metatile, %d threads a host (%.0f metatiles/s a host "
            + "at most)%n", renderMs, THREADS_PER_HOST, THREADS_PER_HOST * 1000.0 / renderMs);
        System.out.println("hosts  metatiles  seconds  metatiles/s  efficiency  round trips/job  commands/job");
        double[] alone = run(dir, null, "alone", 1, renderMs);
        System.out.printf(Locale.ROOT, "%5s  %9.0f  %7.2f  %11.1f%n", "alone", alone[0], alone[1], alone[0] / alone[1]);
        double single = 0;
        for (int hosts = 1; hosts <= 4; hosts++) {
          long before = commands(admin);
          long scriptsBefore = scripts(admin);
          double[] run = run(dir, redis.uri(), "run" + hosts, hosts, renderMs);
          long used = commands(admin) - before;
          long roundTrips = scripts(admin) - scriptsBefore;
          double rate = run[0] / run[1];
          if (hosts == 1) {
            single = rate;
          }
          System.out.printf(Locale.ROOT, "%5d  %9.0f  %7.2f  %11.1f  %10.2f  %15.1f  %12.1f%n", hosts, run[0], run[1],
              rate, rate / (single * hosts), roundTrips / run[0], used / run[0]);
        }
        burst(redis.uri(), admin, burst);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  /**
   * {metatiles rendered, seconds} for {@code hosts} hosts rendering METATILES_PER_HOST each; with {@code redis}
   * null, one renderd on its own (no farm), the baseline of a farm's overhead.
   */
  private static double[] run(Path dir, String redis, String farm, int hosts, int renderMs) throws Exception {
    Path tiles = Files.createDirectories(dir.resolve(farm));
    MapConfig map = MapConfig.builder("default").tileDir(tiles.toString())
        .renderer("test", Map.of("delay_ms", String.valueOf(renderMs), "draw", "false")).build();
    List<Renderd> farmHosts = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(hosts * CLIENTS_PER_HOST);
    try {
      for (int h = 0; h < hosts; h++) {
        String host = "h" + h;
        farmHosts.add(Renderd.start(RenderdConfig.builder(List.of(map)).socket(dir.resolve(farm + "-" + h + ".sock"))
            .threads(THREADS_PER_HOST).queue(QueueConfig.DEFAULT)
            .cluster(Optional.ofNullable(redis).map(r -> new ClusterConfig(r, host, Duration.ofSeconds(30), farm, true)))
            .build(), Renderers.providers()));
      }
      Thread.sleep(redis == null ? 0 : 1500); // every host joined (upkeep connects within its first second)
      int perClient = METATILES_PER_HOST / CLIENTS_PER_HOST;
      long start = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < hosts * CLIENTS_PER_HOST; c++) {
        int client = c;
        Path socket = dir.resolve(farm + "-" + (c % hosts) + ".sock");
        done.add(clients.submit(() -> {
          int ok = 0;
          try (RenderdChannel channel =
              RenderdChannel.connect(UnixDomainSocketAddress.of(socket), Duration.ofSeconds(10))) {
            for (int i = 0; i < perClient; i++) {
              channel.send(RenderMessage.request(Command.RENDER_BULK, "default", 14, i * 8, client * 8));
              if (channel.receive().orElseThrow().command() == Command.DONE) {
                ok++;
              }
            }
          }
          return ok;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(600, TimeUnit.SECONDS);
      }
      return new double[] {total, (System.nanoTime() - start) / 1e9};
    } finally {
      clients.shutdownNow();
      for (Renderd r : farmHosts) {
        r.close();
      }
    }
  }

  /** Announces {@code n} Dirty jobs pipelined, then reads Redis' memory per job. */
  private static void burst(String redis, StatefulRedisConnection<String, String> admin, int n) throws Exception {
    admin.sync().flushall();
    long memoryBefore = usedMemory(admin);
    try (SharedQueue shared = new SharedQueue(new ClusterConfig(redis, "import", Duration.ofSeconds(30), "burst", true),
        19, SharedQueue.Listener.NONE)) {
      int window = 2000;
      List<CompletableFuture<String>> inFlight = new ArrayList<>(window);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        // z16 metatiles of a region, row by row, as an expiry list orders them
        JobKey key = new JobKey("default", 16, (20000 + i % 4096) * 8, (12000 + i / 4096) * 8);
        inFlight.add(shared.enqueue(key, "", Priority.DIRTY, "render_expired").toCompletableFuture());
        if (inFlight.size() == window) {
          CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
          inFlight.clear();
        }
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      long queued = shared.sizes()[Priority.DIRTY.ordinal()];
      long bytes = usedMemory(admin) - memoryBefore;
      System.out.printf(Locale.ROOT, "import burst: %d Dirty jobs announced in %.1f s: %.0f jobs/s; %d queued, Redis "
          + "used_memory +%.1f MB: %.0f B a job%n", n, seconds, n / seconds, queued, bytes / 1e6, bytes / (double) queued);
    }
    admin.sync().flushall();
  }

  private static long commands(StatefulRedisConnection<String, String> admin) {
    return field(admin.sync().info("stats"), "total_commands_processed");
  }

  /**
   * Script calls (EVALSHA, EVAL): the farm's round trips to Redis. {@link #commands} counts the commands the
   * scripts run inside Redis as well.
   */
  private static long scripts(StatefulRedisConnection<String, String> admin) {
    long calls = 0;
    for (String line : admin.sync().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        int start = line.indexOf("calls=") + "calls=".length();
        calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
      }
    }
    return calls;
  }

  private static long usedMemory(StatefulRedisConnection<String, String> admin) {
    return field(admin.sync().info("memory"), "used_memory");
  }

  private static long field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    throw new IllegalStateException("no " + name + " in INFO");
  }
}
