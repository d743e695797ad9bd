package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.throttle.Cidr;
import org.jtile.frontend.throttle.ThrottleConfig;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttling over real HTTP; the test's connections come from 127.0.0.1, a trusted proxy here. */
class ThrottlingTest {
  @TempDir Path dir;
  private FrontendServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void start(List<Cidr> trusted) throws Exception {
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    MetatileKey key = MetatileKey.containing("osm", 3, 0, 0);
    byte[][] tiles = new byte[64][];
    java.util.Arrays.fill(tiles, new byte[] {1, 2, 3});
    store.write(key, MetatileWriter.write(key.coord(), tiles));
    ThrottleConfig throttle = new ThrottleConfig(true, 5, 0.01, 2, 0.01, trusted, List.of(), 1000, 429);
    server = new FrontendServer(FrontendConfig.of(List.of(Layer.simple("/osm/", "osm", dir.toString())),
        Optional.empty(), RenderPolicy.DEFAULT).withThrottle(throttle), Clock.systemUTC(), () -> 0.0);
    server.start();
  }

  private HttpResponse<String> get(String forwardedFor) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/osm/3/1/1.png"));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void clientOverItsBucket_gets429WithRetryAfter_whileAnotherKeepsGetting200() throws Exception {
    start(List.of(Cidr.parse("127.0.0.0/8")));
    for (int i = 0; i < 5; i++) {
      assertThat(get("198.51.100.1").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> denied = get("198.51.100.1");
    assertThat(denied.statusCode()).isEqualTo(429);
    assertThat(denied.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    for (int i = 0; i < 5; i++) {
      assertThat(get("198.51.100.2").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void untrustedForwardedFor_cannotDodgeTheBucket() throws Exception {
    start(List.of());
    for (int i = 0; i < 5; i++) {
      assertThat(get("198.51.100." + (10 + i)).statusCode()).isEqualTo(200);
    }
    // every request came from 127.0.0.1 itself: the header is ignored
    assertThat(get("198.51.100.99").statusCode()).isEqualTo(429);
  }
}
