package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.renderd.RenderdClient;
import org.jtile.protocol.RenderdAddress;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.FakeClock;
import org.jtile.testing.Poll;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The frontend asking a real renderd (jtile's with the test renderer, or Debian's C renderd) for tiles. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RenderOnRequestTest {
  @TempDir Path dir;
  private Renderd renderd;
  private FrontendServer frontend;
  private RenderdClient client;
  // HTTP/1.1: with its default, HTTP/2, the JDK's client may hold concurrent requests back behind a first h2c upgrade
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final FakeClock clock = FakeClock.startingNow();

  @AfterEach
  void stop() throws Exception {
    if (frontend != null) {
      frontend.close();
    }
    if (client != null) {
      client.close();
    }
    if (renderd != null) {
      renderd.close();
    }
  }

  private Path tiles() throws Exception {
    return Files.createDirectories(dir.resolve("tiles"));
  }

  private void startJtileRenderd(long delayMs) throws Exception {
    startJtileRenderd(delayMs, 0);
  }

  /** jtile's renderd with the test renderer on a Unix socket, and on TCP {@code tcpPort} unless 0. */
  private void startJtileRenderd(long delayMs, int tcpPort) throws Exception {
    MapConfig map = MapConfig.builder("default").tileDir(tiles().toString())
        .renderer("test", Map.of("delay_ms", String.valueOf(delayMs))).build();
    renderd = Renderd.start(RenderdConfig.builder(List.of(map)).socket(dir.resolve("renderd.sock"))
        .tcp("127.0.0.1", tcpPort).threads(1).maxConnections(100).build(), Renderers.providers());
  }

  private void startFrontend(Path socket, Duration missing, Duration stale) throws Exception {
    startFrontend(socket, RenderPolicy.timeouts(missing, stale));
  }

  private void startFrontend(Path socket, RenderPolicy policy) throws Exception {
    startFrontend(UnixDomainSocketAddress.of(socket), policy);
  }

  private void startFrontend(SocketAddress renderdAddress, RenderPolicy policy) throws Exception {
    frontend = new FrontendServer(FrontendConfig.of(List.of(Layer.simple("/default/", "default", tiles().toString())),
        Optional.of(renderdAddress), policy), clock, clock::nanoTime, () -> 0.0);
    frontend.start();
  }

  /** A metatile of "old tile"s around z/x/y, rendered four days ago: stale without a planet timestamp. */
  private void writeStaleMetatile(int z, int x, int y) throws Exception {
    org.jtile.store.file.FileTileStore store = new org.jtile.store.file.FileTileStore(tiles(), Clock.systemUTC());
    org.jtile.store.MetatileKey key = org.jtile.store.MetatileKey.containing("default", z, x, y);
    byte[][] tiles = new byte[64][];
    java.util.Arrays.fill(tiles, "old tile".getBytes(StandardCharsets.US_ASCII));
    store.write(key, org.jtile.metatile.MetatileWriter.write(key.coord(), tiles));
    Files.setLastModifiedTime(store.path(key), FileTime.from(Instant.now().minus(Duration.ofDays(4))));
  }

  private void awaitRendering(int jobs) throws Exception {
    Poll.until(Duration.ofSeconds(10), () -> renderd.queue().stats().rendering() >= jobs);
    assertThat(renderd.queue().stats().rendering()).isEqualTo(jobs);
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private long renders() {
    return renderd.queue().stats().rendered().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void missingTile_isRenderedWithinTheTimeout_thenServedFromCache() throws Exception {
    startJtileRenderd(100);
    startFrontend(dir.resolve("renderd.sock"), Duration.ofSeconds(10), Duration.ofSeconds(10));
    HttpResponse<byte[]> first = get("/default/9/297/191.png");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("content-type")).contains("image/png");
    assertThat(get("/default/9/296/190.png").statusCode()).isEqualTo(200);
    assertThat(renders()).isEqualTo(1);
  }

  @Test
  void renderdOverTcp_rendersMissingTiles() throws Exception {
    int port = Ports.free();
    startJtileRenderd(0, port);
    startFrontend(RenderdAddress.parse("127.0.0.1:" + port), RenderPolicy.timeouts(Duration.ofSeconds(10),
        Duration.ofSeconds(10)));
    assertThat(get("/default/6/10/20.png").statusCode()).isEqualTo(200);
    assertThat(renders()).isEqualTo(1);
  }

  @Test
  void renderdRestarted_isUsedAgain_afterItWasUnreachable() throws Exception {
    startFrontend(dir.resolve("renderd.sock"), Duration.ofSeconds(10), Duration.ofSeconds(10));
    assertThat(get("/default/6/10/20.png").statusCode()).isEqualTo(404);
    startJtileRenderd(0);
    assertThat(get("/default/6/10/20.png").statusCode()).as("not asked again within a second").isEqualTo(404);
    clock.advance(Duration.ofSeconds(2)); // an unreachable renderd is tried again after a second
    assertThat(get("/default/6/10/20.png").statusCode()).isEqualTo(200);
  }

  @Test
  void slowRenderd_missingIs404AtTheTimeout_staleIsServedAtOnce() throws Exception {
    startJtileRenderd(3000);
    startFrontend(dir.resolve("renderd.sock"), Duration.ofMillis(300), Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThat(get("/default/12/0/0.png").statusCode()).isEqualTo(404);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));

    // a stale tile (older than the 3-day default planet age) is served as it is when renderd is slow
    writeStaleMetatile(12, 8, 8);
    start = System.nanoTime();
    HttpResponse<byte[]> stale = get("/default/12/8/8.png");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(new String(stale.body(), StandardCharsets.US_ASCII)).isEqualTo("old tile");
    assertThat(stale.headers().firstValue("cache-control")).contains("max-age=900, stale-while-revalidate=86400");
  }

  @Test
  void busyRenderd_missingIs404AndStaleIsServed_atOnce_bothQueuedAsDirty() throws Exception {
    startJtileRenderd(2000);
    startFrontend(dir.resolve("renderd.sock"), new RenderPolicy(Duration.ofSeconds(20), Duration.ofSeconds(20), 1, 1, 4,
        2, false));
    writeStaleMetatile(12, 8, 8);
    CompletableFuture<HttpResponse<byte[]>> waiting = http.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + frontend.port() + "/default/9/297/191.png")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    awaitRendering(1);

    long start = System.nanoTime();
    assertThat(get("/default/12/0/0.png").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> stale = get("/default/12/8/8.png");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(new String(stale.body(), StandardCharsets.US_ASCII)).isEqualTo("old tile");
    // Dirty is fire-and-forget: renderd queues it a moment after the answer
    Poll.until(Duration.ofSeconds(5), () -> renderd.queue().stats().waiting().get(Priority.DIRTY) >= 2);
    assertThat(renderd.queue().stats().waiting().get(Priority.DIRTY)).isEqualTo(2);
    assertThat(text("/metrics")).contains("jtile_frontend_renderd_busy_total{tile=\"missing\"} 1",
        "jtile_frontend_renderd_busy_total{tile=\"stale\"} 1", "jtile_frontend_renders_waiting 1");
    assertThat(waiting.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  /** One client waiting for its share (render.client_in_flight, 2) asks for more as RenderBulk. */
  @Test
  void aClientsRendersPastItsShare_areAskedAsBulk_andStillServed() throws Exception {
    startJtileRenderd(1500);
    startFrontend(dir.resolve("renderd.sock"), Duration.ofSeconds(20), Duration.ofSeconds(20));
    List<CompletableFuture<HttpResponse<byte[]>>> tiles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tiles.add(http.sendAsync(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + frontend.port() + "/default/12/" + i * 8 + "/0.png")).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> tile : tiles) {
      assertThat(tile.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    // two asked as RenderPrio, two past the share as RenderBulk (which renderd takes when is its fairness's
    // business: whether both bulk ones ever wait at once is timing, so the test counts what was rendered)
    assertThat(renderd.queue().stats().rendered()).containsEntry(Priority.PRIO, 2L).containsEntry(Priority.BULK, 2L);
    assertThat(text("/metrics")).contains("jtile_frontend_renders_demoted_total 2.0");
  }

  @Test
  void bulkMode_rendersMissingTilesAsBulk_andServesStaleOnesWithoutRerendering() throws Exception {
    startJtileRenderd(0);
    startFrontend(dir.resolve("renderd.sock"), new RenderPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), 16, 48,
        64, 2, true));
    writeStaleMetatile(12, 8, 8);
    assertThat(get("/default/12/8/8.png").statusCode()).isEqualTo(200);
    assertThat(get("/default/5/3/3.png").statusCode()).isEqualTo(200);
    assertThat(renderd.queue().stats().rendered()).containsEntry(Priority.BULK, 1L);
    assertThat(renders()).isEqualTo(1);
    assertThat(text("/default/5/3/3.png/dirty")).isEmpty();
  }

  @Test
  void dirtyThenStatus_dueToBeRenderedThenCleanAgain() throws Exception {
    startJtileRenderd(0);
    startFrontend(dir.resolve("renderd.sock"), Duration.ofSeconds(10), Duration.ofSeconds(10));
    assertThat(get("/default/5/3/3.png").statusCode()).isEqualTo(200);
    Path planet = Files.createFile(tiles().resolve("planet-import-complete"));
    Files.setLastModifiedTime(planet, FileTime.from(Instant.now().plusSeconds(5)));
    clock.advance(Duration.ofSeconds(2)); // the planet timestamp is cached for a second
    assertThat(text("/default/5/3/3.png/status")).startsWith("Tile is due to be rendered.");
    assertThat(text("/default/5/3/3.png/dirty")).isEqualTo("Tile submitted for rendering\n");
    Files.setLastModifiedTime(planet, FileTime.from(Instant.now().minusSeconds(5)));
    clock.advance(Duration.ofSeconds(2));
    // the dirty render, not only the timestamp moved back, must have happened
    assertThat(Poll.until(Duration.ofSeconds(30), () -> renders() == 2)).isTrue();
    assertThat(text("/default/5/3/3.png/status")).startsWith("Tile is clean.");
  }

  @Test
  void renderdUnreachable_missingIs404_quickly() throws Exception {
    startFrontend(dir.resolve("nobody-listens.sock"), Duration.ofSeconds(3), Duration.ofSeconds(3));
    long start = System.nanoTime();
    assertThat(get("/default/3/0/0.png").statusCode()).isEqualTo(404);
    assertThat(text("/default/3/0/0.png/dirty")).isEqualTo("Tile submitted for rendering\n");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void debianCRenderd_rendersWhatTheFrontendAsksFor() throws Exception {
    Path socket = dir.resolve("c.sock");
    Path conf = new ClassicRenderdConf(socket, tiles()).map("default", ExampleMap.writeStyle(dir.resolve("style")))
        .writeTo(dir.resolve("renderd.conf"));
    try (ExternalProcess c = DebianRenderd.start(dir, conf, socket)) {
      startFrontend(socket, Duration.ofSeconds(30), Duration.ofSeconds(30));
      HttpResponse<byte[]> response = get("/default/9/297/191.png");
      assertThat(response.statusCode()).as(c.logTail()).isEqualTo(200);
      assertThat(new String(response.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
  }

  private String text(String path) throws Exception {
    return new String(get(path).body(), StandardCharsets.UTF_8);
  }
}
