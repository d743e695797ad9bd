package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.TileSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.jtile.testing.Memcached;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer on {@code chain:<file>|memcached://…}, and Debian's memcached stopped during a load run: tiles
 * the file layer holds keep coming with no error, the others are clean 404s at once, and the memcached
 * tiles come back by themselves when the server does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StorageOutageTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void memcachedOutage_fasterLayerKeepsServing_restIs404Quickly_andItRecovers() throws Exception {
    Path fast = Files.createDirectories(dir.resolve("fast"));
    Memcached memcached = Memcached.start(dir, 0);
    int port = memcached.port();
    String chain = "chain:" + fast + "|" + memcached.storage();
    // z6 metatile x=0..7 in both layers; x=8..15 and 16..23 only in memcached
    try (TileStore both = TileStores.open(chain, Clock.systemUTC());
        TileStore onlyMemcached = TileStores.open(memcached.storage(), Clock.systemUTC())) {
      put(both, 0);
      put(onlyMemcached, 8);
      put(onlyMemcached, 16);
    }
    FrontendConfig config = FrontendConfig.of(List.of(Layer.simple("/osm/", "osm", chain)), Optional.empty(),
        RenderPolicy.DEFAULT).withTiles(new TileSettings(true, true, Duration.ofDays(365), 0, Duration.ZERO, true));
    try (FrontendServer server = new FrontendServer(config, Clock.systemUTC(), () -> 0.0)) {
      server.start();
      assertThat(status(server, "/osm/6/9/0.png")).as("read through from memcached").isEqualTo(200);
      memcached.kill();

      long start = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        assertThat(status(server, "/osm/6/" + (i % 8) + "/" + (i / 8 % 8) + ".png")).isEqualTo(200);
        assertThat(status(server, "/osm/6/" + (16 + i % 8) + "/0.png")).as("only in memcached").isEqualTo(404);
      }
      assertThat(System.nanoTime() - start).as("no request waits out a dead server")
          .isLessThan(TimeUnit.SECONDS.toNanos(20));

      try (Memcached back = Memcached.start(dir, port);
          TileStore onlyMemcached = TileStores.open(back.storage(), Clock.systemUTC())) {
        put(onlyMemcached, 16);
        Poll.until(Duration.ofSeconds(30), () -> status(server, "/osm/6/20/0.png") == 200);
        assertThat(status(server, "/osm/6/20/0.png")).isEqualTo(200);
      }
    }
  }

  private static void put(TileStore store, int x) throws Exception {
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, "tile".getBytes(StandardCharsets.US_ASCII));
    MetatileKey key = MetatileKey.containing("osm", 6, x, 0);
    store.write(key, MetatileWriter.write(key.coord(), tiles));
  }

  private int status(FrontendServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
