package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both daemons as an operator runs them — {@code bin/jtile-renderd} rendering the example world map
 * with Mapnik and {@code bin/jtile-frontend} in front, each from its HOCON file — on loopback.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExampleMapEndToEndTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void missingTileIsRendered_thenCached_thenServedStaleWhileReRendering_afterAPlanetImport() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path style = ExampleMap.writeStyle(dir.resolve("style"));
    Path socket = dir.resolve("renderd.sock");
    // one render thread, and a slow test map to keep it busy when the test needs renderd behind
    Path renderdConf = Files.writeString(dir.resolve("renderd.conf"), """
        jtile.renderd {
          socket = "%s"
          num_threads = 1
          maps {
            world { xml = "%s", tile_dir = "%s" }
            slow { renderer = test, test_delay_ms = 2000, tile_dir = "%s" }
          }
        }
        """.formatted(socket, style, tiles, tiles));
    Path frontendConf = Files.writeString(dir.resolve("frontend.conf"), """
        jtile.frontend {
          http { host = "127.0.0.1", port = 0 }
          render { socket = "%s", missing_timeout = 60s, stale_timeout = 500ms }
          tile_dir = "%s"
          layers { world { uri = "/tiles/world/" }, slow { uri = "/tiles/slow/" } }
        }
        """.formatted(socket, tiles));
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", List.of("--config", renderdConf.toString()));
        JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend",
            List.of("--config", frontendConf.toString()))) {
      // missing: rendered by Mapnik within the timeout, a 256×256 PNG of land and sea
      HttpResponse<byte[]> first = get(frontend, "/tiles/world/2/2/1.png");
      assertThat(first.statusCode()).as(renderd.logTail()).isEqualTo(200);
      assertThat(first.headers().firstValue("content-type")).contains("image/png");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
      assertThat(image.getWidth()).isEqualTo(256);
      assertThat(colours(image)).hasSizeGreaterThan(1);

      // the second request is a cache hit: no further render
      HttpResponse<byte[]> second = get(frontend, "/tiles/world/2/2/1.png");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(text(frontend, "/mod_tile")).contains("NoFreshRender: 1\n", "NoFreshCache: 1\n");

      // a planet import: every tile becomes stale
      Path planet = Files.writeString(tiles.resolve("planet-import-complete"), "");
      Files.setLastModifiedTime(planet, FileTime.from(Instant.now()));
      Poll.until(Duration.ofSeconds(5), // the daemon reads the planet timestamp again within a second
          () -> text(frontend, "/tiles/world/2/2/1.png/status").startsWith("Tile is due to be rendered."));
      assertThat(text(frontend, "/tiles/world/2/2/1.png/status")).startsWith("Tile is due to be rendered.");

      // renderd busy with the slow map: the stale tile is served at the stale timeout, re-rendered after
      CompletableFuture<HttpResponse<byte[]>> slow = http.sendAsync(
          HttpRequest.newBuilder(URI.create(frontend.url("/tiles/slow/3/3/3.png"))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      awaitWaiting(frontend);
      long start = System.nanoTime();
      HttpResponse<byte[]> stale = get(frontend, "/tiles/world/2/2/1.png");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).isEqualTo(first.body());
      assertThat(stale.headers().firstValue("cache-control")).hasValueSatisfying(
          v -> assertThat(v).contains("stale-while-revalidate="));
      assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      Poll.until(Duration.ofSeconds(30), () -> text(frontend, "/tiles/world/2/2/1.png/status").startsWith("Tile is clean."));
      assertThat(text(frontend, "/tiles/world/2/2/1.png/status")).startsWith("Tile is clean.");
      assertThat(text(frontend, "/mod_tile")).contains("NoOldRender: 1\n");

      // /dirty queues a re-render the daemon carries out
      assertThat(text(frontend, "/tiles/world/2/0/0.png/dirty")).isEqualTo("Tile submitted for rendering\n");
      Poll.until(Duration.ofSeconds(30), () -> text(frontend, "/tiles/world/2/0/0.png/status").startsWith("Tile is clean."));
      assertThat(text(frontend, "/tiles/world/2/0/0.png/status")).startsWith("Tile is clean.");

      frontend.process().close();
      assertThat(frontend.process().exitCode()).as(frontend.process().logTail()).isZero();
    }
  }

  @Test
  void debiansCRenderd_andTheFrontend_shareOneClassicRenderdConf() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("c.sock");
    Path classic = new ClassicRenderdConf(socket, tiles)
        .map("world", ExampleMap.writeStyle(dir.resolve("style")), "URI", "/osm/world/")
        .writeTo(dir.resolve("renderd.conf"));
    // the HOCON file only picks a free port: layers and renderd's socket come from renderd.conf
    Path port = Files.writeString(dir.resolve("frontend.conf"), "jtile.frontend.http { host = \"127.0.0.1\", port = 0 }");
    try (ExternalProcess c = DebianRenderd.start(dir, classic, socket);
        JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend",
            List.of("--config", port.toString(), "--renderd-conf", classic.toString()))) {
      HttpResponse<byte[]> tile = get(frontend, "/osm/world/3/4/2.png");
      assertThat(tile.statusCode()).as(c.logTail()).isEqualTo(200);
      assertThat(ImageIO.read(new ByteArrayInputStream(tile.body())).getWidth()).isEqualTo(256);
      assertThat(text(frontend, "/osm/world/3/4/2.png/status")).startsWith("Tile is clean.");
      assertThat(text(frontend, "/mod_tile")).contains("NoFreshRender: 1\n", "NoRes200Layer/osm/world/: 1\n");
      assertThat(frontend.process().output()).contains(
          "Loading tile config world at /osm/world/ for zooms 0 - 20 from tile directory " + tiles);
    }
  }

  /**
   * Waits until the frontend waits for the slow map's render. It is RenderPrio, so renderd's one thread
   * takes it before the stale tile's RenderLow whichever arrives first.
   */
  private void awaitWaiting(JtileDaemons.Frontend frontend) throws Exception {
    Poll.until(Duration.ofSeconds(10), () -> text(frontend, "/metrics").contains("jtile_frontend_renders_waiting 1"));
    assertThat(text(frontend, "/metrics")).contains("jtile_frontend_renders_waiting 1");
  }

  private static Set<Integer> colours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 8) {
      for (int x = 0; x < image.getWidth(); x += 8) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours;
  }

  private HttpResponse<byte[]> get(JtileDaemons.Frontend frontend, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(frontend.url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private String text(JtileDaemons.Frontend frontend, String path) throws Exception {
    return new String(get(frontend, path).body(), StandardCharsets.UTF_8);
  }
}
