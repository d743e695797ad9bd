package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.frontend.warmup.ConnectionBurst;
import org.jtile.frontend.warmup.WarmUp;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.JtileDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frontend just started: a thousand clients connect in the same instant while six hundred slowloris
 * connections trickle their headers. The accept queue (511, as Apache and nginx) holds the burst, the
 * start-up warm-up has compiled the request path; no client times out and none waits long.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionBurstTest {
  @TempDir Path dir;

  @Test
  void freshFrontend_takesAThousandConnectionsAtOnce_besideSlowloris() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    byte[][] pngs = new byte[64][];
    Arrays.fill(pngs, new byte[12_000]);
    for (int x = 0; x < 32; x += 8) {
      store.write(new MetatileKey("osm", "", MetatileCoord.containing(5, x, 0)),
          MetatileWriter.write(MetatileCoord.containing(5, x, 0), pngs));
    }
    Path conf = Files.writeString(dir.resolve("frontend.conf"), """
        jtile.frontend {
          http { host = "127.0.0.1", port = 0 }
          render.socket = ""
          tile_dir = "%s"
          layers.osm {}
        }
        """.formatted(tiles));
    // the client's own first run, interpreted, would be counted against the server: run it hot first, on
    // a private frontend in this JVM
    try (FrontendServer own = new FrontendServer(WarmUp.config(Files.createDirectories(dir.resolve("client"))),
        Clock.systemUTC(), () -> 0.5)) {
      own.start();
      WarmUp.drive(own.port(), Duration.ofSeconds(2));
    }
    try (JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend", List.of("--config", conf.toString()))) {
      List<Socket> slowloris = new ArrayList<>();
      try {
        for (int i = 0; i < 600; i++) {
          Socket s = new Socket("127.0.0.1", frontend.port());
          OutputStream out = s.getOutputStream();
          out.write("GET /osm/5/1/1.png HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
          slowloris.add(s);
        }
        ConnectionBurst.Result burst = ConnectionBurst.run(frontend.port(), 1000,
            i -> "/osm/5/" + (i % 32) + "/" + (i / 32 % 8) + ".png", 20_000);
        System.out.printf("burst of 1000 beside 600 slowloris: %d ok, %d errors, p50 %d µs, p99 %d µs, max %d µs%n",
            burst.ok(), burst.errors().size(), burst.percentile(50), burst.percentile(99), burst.percentile(100));
        assertThat(burst.errors()).isEmpty();
        assertThat(burst.ok()).isEqualTo(1000);
        // the bound catches a return to the accept queue overflowing or the JIT running cold; the figures,
        // and why 100 ms is not reached on 2 shared cores: docs/performance/2026-12-05-edge.md
        assertThat(burst.percentile(99)).as("p99 µs").isLessThanOrEqualTo(400_000);
        for (Socket s : slowloris) {
          // a header line more: still connected
          s.getOutputStream().write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      } finally {
        for (Socket s : slowloris) {
          close(s);
        }
      }
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing a test's socket
    }
  }
}
