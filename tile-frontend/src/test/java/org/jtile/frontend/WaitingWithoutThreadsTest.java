package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wait for renderd holds no server thread: 2 000 requests for missing tiles wait at once on a frontend
 * with 200 threads, every one is answered (200, or 404 at the timeout), and cached tiles keep flowing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WaitingWithoutThreadsTest {
  private static final int WAITING = 2000;

  @TempDir Path dir;

  @Test
  void twoThousandWaitingRequests_onTwoHundredThreads_allAnswered_andCachedTilesKeepFlowing() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    Peers.require("curl", "curl");
    // a renderer that sleeps (its drawing would take the cores the frontend needs), so most of the 2 000
    // still wait when their timeout comes; limits raised so that all
    // of them wait, as 2 000 map users would, rather than being turned away by the busy rule, the share of
    // one client (they all come from 127.0.0.1) or renderd's queue limit
    Path renderdConf = Files.writeString(dir.resolve("renderd.conf"), """
        jtile.renderd {
          socket = "%s"
          num_threads = 1
          queue.request_limit = 4096
          maps { slow { renderer = test, test_delay_ms = 1000, tile_dir = "%s" } }
        }
        """.formatted(socket, tiles));
    Path frontendConf = Files.writeString(dir.resolve("frontend.conf"), """
        jtile.frontend {
          http { host = "127.0.0.1", port = 0, max_threads = 200 }
          render {
            socket = "%s", missing_timeout = 3s
            busy_missing = 10000, max_waiting = 10000, client_in_flight = 10000
          }
          tile_dir = "%s"
          layers { slow { uri = "/tiles/slow/" } }
        }
        """.formatted(socket, tiles));
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", List.of("--config", renderdConf.toString()));
        JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend",
            List.of("--config", frontendConf.toString()))) {
      // HTTP/1.1: 2 000 connections, as browsers and mod_tile's clients bring them; over h2c one connection
      // would carry them all and its stream limit refuse most
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30)).build();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(frontend.url("/tiles/slow/2/1/1.png"))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

      // each answer's status and how long it took
      List<CompletableFuture<double[]>> waiting = new ArrayList<>();
      for (int i = 0; i < WAITING; i++) {
        // a metatile each, at zoom 14
        URI uri = URI.create(frontend.url("/tiles/slow/14/" + (i % 100) * 8 + "/" + (i / 100) * 8 + ".png"));
        long sent = System.nanoTime();
        waiting.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.discarding())
            .thenApply(r -> new double[] {r.statusCode(), (System.nanoTime() - sent) / 1e9}));
      }
      // cached tiles meanwhile, asked by curl: a probe in this JVM would time this JVM's own 2 000 requests
      String probe = "for i in $(seq 1 400); do curl -s -o /dev/null -w '%{http_code} %{time_total}\\n' "
          + frontend.url("/tiles/slow/2/1/1.png") + "; sleep 0.01; done";
      ExternalProcess.Result probed =
          ExternalProcess.run(dir, Duration.ofSeconds(60), "", List.of("bash", "-c", probe));
      List<Double> cached = new ArrayList<>();
      for (String line : probed.output().strip().split("\n")) {
        assertThat(line).as("a cached tile while %d requests wait", WAITING).startsWith("200 ");
        cached.add(Double.parseDouble(line.substring(4)));
      }

      Map<Integer, Integer> statuses = new TreeMap<>();
      double quickest404 = Double.MAX_VALUE;
      for (CompletableFuture<double[]> response : waiting) {
        double[] answer = response.get(60, TimeUnit.SECONDS);
        statuses.merge((int) answer[0], 1, Integer::sum);
        if (answer[0] == 404) {
          quickest404 = Math.min(quickest404, answer[1]);
        }
      }
      assertThat(statuses.keySet()).as("%s", statuses).isSubsetOf(200, 404);
      // none was turned away: a 404 is a wait that ran out (renderd renders a metatile a second)
      assertThat(quickest404).as("the quickest 404").isGreaterThanOrEqualTo(2.9);
      Collections.sort(cached);
      double p99 = cached.get((int) Math.ceil(0.99 * cached.size()) - 1);
      System.out.printf("%s; cached tiles meanwhile: n=%d p50=%.4fs p99=%.4fs%n", statuses, cached.size(),
          cached.get(cached.size() / 2), p99);
      assertThat(p99).as("cached tiles' p99 while %d requests wait", WAITING).isLessThanOrEqualTo(0.05);
      assertThat(frontend.process().output()).doesNotContain("Exception");
    }
  }
}
