package org.jtile.bench;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtile.config.MapConfig;
import org.jtile.config.QueueConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;

/**
 * End-to-end figures for an in-process renderd on a Unix socket, all on loopback and bounded in count:
 *
 * <ol>
 *   <li><b>request path</b>: clients pipeline Dirty requests: decode, de-duplication lookup, the queue's
 *       decision (Dirty is sized 0 here, so nothing is rendered) and the NotDone reply, requests/s;
 *   <li><b>render path</b>: the test renderer (64 PNG encodes per metatile) with 2 threads,
 *       metatiles/s through the socket.
 * </ol>
 *
 * <p>Run: {@code bench/run.sh RenderdThroughput}
 */
public final class RenderdThroughput {
  private RenderdThroughput() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("jtile-throughput");
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    MapConfig map = MapConfig.builder("default").tileDir(tiles.toString()).renderer("test", Map.of("delay_ms", "0"))
        .build();
    RenderdConfig config = RenderdConfig.builder(List.of(map)).socket(dir.resolve("renderd.sock")).threads(2)
        .maxConnections(10_000).queue(new QueueConfig(256, 0, 0.05)).build();
    try (Renderd renderd = Renderd.start(config, Renderers.providers())) {
      Path socket = dir.resolve("renderd.sock");
      requestPath(socket, 8, 50_000);
      renderPath(socket, 4, 60);
    }
  }

  /** One client's run: returns how many requests it completed. */
  private interface ClientRun {
    int run(int client) throws Exception;
  }

  /** Runs {@code clients} clients at once; returns {completed requests, seconds}. */
  private static double[] clients(int clients, ClientRun run) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(pool.submit(() -> run.run(client)));
      }
      long total = 0;
      for (Future<Integer> f : done) {
        total += f.get(600, TimeUnit.SECONDS);
      }
      return new double[] {total, (System.nanoTime() - start) / 1e9};
    } finally {
      pool.shutdownNow();
    }
  }

  private static void requestPath(Path socket, int clients, int perClient) throws Exception {
    double[] result = clients(clients, client -> {
        try (RenderdChannel channel = connect(socket)) {
          int received = 0;
          for (int sent = 0; sent < perClient; sent += 100) {
            for (int i = 0; i < 100; i++) {
              int n = client * perClient + sent + i;
              channel.queue(RenderMessage.request(Command.DIRTY, "default", 18, (n & 0x7fff) << 3, (n >> 15) << 3));
            }
            channel.flush();
            for (int i = 0; i < 100; i++) {
              channel.receive().orElseThrow();
            }
            received += 100;
          }
          return received;
        }
      });
    System.out.printf(Locale.ROOT, "request path: %.0f dirty requests over %d connections in %.2f s: %.0f requests/s%n",
        result[0], clients, result[1], result[0] / result[1]);
  }

  private static void renderPath(Path socket, int clients, int metatilesPerClient) throws Exception {
    double[] result = clients(clients, client -> {
        int ok = 0;
        try (RenderdChannel channel = connect(socket)) {
          for (int i = 0; i < metatilesPerClient; i++) {
            channel.send(RenderMessage.request(Command.RENDER_BULK, "default", 14, i * 8, client * 8));
            if (channel.receive().orElseThrow().command() == Command.DONE) {
              ok++;
            }
          }
        }
        return ok;
      });
    System.out.printf(Locale.ROOT, "render path (test renderer, 2 threads): %.0f metatiles in %.2f s: %.1f metatiles/s%n",
        result[0], result[1], result[0] / result[1]);
  }

  private static RenderdChannel connect(Path socket) throws java.io.IOException {
    return RenderdChannel.connect(UnixDomainSocketAddress.of(socket), Duration.ofSeconds(10));
  }
}
