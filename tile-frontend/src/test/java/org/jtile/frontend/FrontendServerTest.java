package org.jtile.frontend;

import java.io.IOException;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.Http2Settings;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.config.TileSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server: stats pages, metrics, the demo page, the Unix socket, the access log, switches. */
class FrontendServerTest {
  @TempDir Path dir;
  private FrontendServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(FrontendConfig config) throws Exception {
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, "a tile".getBytes(StandardCharsets.US_ASCII));
    store.write(new MetatileKey("osm", "", MetatileCoord.containing(3, 0, 0)),
        MetatileWriter.write(MetatileCoord.containing(3, 0, 0), tiles));
    server = new FrontendServer(config, Clock.systemUTC(), () -> 0.0);
    server.start();
  }

  private FrontendConfig config() {
    return FrontendConfig.of(List.of(Layer.simple("/osm/", "osm", dir.toString()),
        new Layer("/big/", "big", "png", "image/png", 0, 5, dir.toString(), false, "", "", "", "")),
        Optional.empty(), RenderPolicy.DEFAULT);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void modTilePage_andMetrics_countResponsesTheWayModTileDoes() throws Exception {
    start(config());
    assertThat(get("/osm/3/1/2.png").statusCode()).isEqualTo(200);
    String etag = get("/osm/3/1/2.png").headers().firstValue("etag").orElseThrow();
    HttpResponse<String> notModified = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/osm/3/1/2.png")).header("If-None-Match", etag).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(get("/osm/4/15/15.png").statusCode()).isEqualTo(404);

    String counts = "NoResp200: 2\nNoResp304: 1\nNoResp404: 1\nNoResp503: 0\nNoResp5XX: 0\nNoRespOther: 0\n"
        + "NoFreshCache: 3\nNoOldCache: 0\nNoVeryOldCache: 0\nNoFreshRender: 0\nNoOldRender: 0\nNoVeryOldRender: 0\n";
    // a response is counted once it is written, which may be just after the client has read it
    org.jtile.testing.Poll.until(Duration.ofSeconds(5), () -> get("/mod_tile").body().startsWith(counts));
    String page = get("/mod_tile").body();
    assertThat(page).startsWith(counts);
    assertThat(page).contains("NoRespZoom03: 3\n", "NoRespZoom20: 0\n", "NoTileBufferReads: 3\n",
        "NoTileBufferReadZoom03: 3\n", "NoRes200Layer/osm/: 3\n", "NoRes404Layer/osm/: 1\n", "NoRes200Layer/big/: 0\n");
    assertThat(page).doesNotContain("Zoom21");

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body()).contains(
        "# HELP modtile_http_responses_total Number of HTTP responses by response code\n",
        "# TYPE modtile_http_responses_total counter\n",
        "modtile_http_responses_total{status=\"200\"} 2",
        "modtile_http_responses_total{status=\"304\"} 1",
        "modtile_tiles_total{age=\"fresh\",rendered=\"no\"} 3",
        "modtile_tiles_total{age=\"outdated\",rendered=\"attempted\"} 0",
        "modtile_zoom_responses_total{zoom=\"03\"} 3",
        "modtile_tile_reads_total{zoom=\"03\"} 3",
        "modtile_tile_reads_seconds_total{zoom=\"03\"}",
        "modtile_layer_responses_total{layer=\"/osm/\",status=\"200\"} 3",
        "modtile_layer_responses_total{layer=\"/osm/\",status=\"404\"} 1",
        "jtile_frontend_request_duration_seconds_count{layer=\"/osm/\"} 4",
        "jtile_frontend_request_duration_seconds_bucket{layer=\"/osm/\",le=\"0.001\"}",
        "jtile_frontend_hot_cache_requests_total{result=\"hit\"} 2",
        "jtile_frontend_hot_cache_tiles 1");
  }

  @Test
  void statsOff_pagesSaySo_andStatusAndDirtyCanBeTurnedOff() throws Exception {
    start(config().withTiles(new TileSettings(false, false, Duration.ofDays(365), 0, Duration.ZERO, false)));
    assertThat(get("/mod_tile").body()).isEqualTo("Stats are not enabled for this server");
    assertThat(get("/metrics").body()).isEqualTo("Stats are not enabled for this server");
    assertThat(get("/osm/3/1/2.png/status").statusCode()).isEqualTo(404);
    assertThat(get("/osm/3/1/2.png/dirty").statusCode()).isEqualTo(404);
    assertThat(get("/osm/3/1/2.png").statusCode()).isEqualTo(200);
  }

  @Test
  void revalidateZero_seesARewrittenMetatileAtOnce() throws Exception {
    start(config().withTiles(new TileSettings(true, true, Duration.ofDays(365), 1 << 20, Duration.ZERO, true)));
    assertThat(get("/osm/3/1/1.png").body()).isEqualTo("a tile");
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, "re-rendered".getBytes(StandardCharsets.US_ASCII));
    new FileTileStore(dir, Clock.systemUTC()).write(new MetatileKey("osm", "", MetatileCoord.containing(3, 0, 0)),
        MetatileWriter.write(MetatileCoord.containing(3, 0, 0), tiles));
    assertThat(get("/osm/3/1/1.png").body()).isEqualTo("re-rendered");
  }

  @Test
  void demoPage_listsTheLayers_andServesLeafletFromTheClasspath() throws Exception {
    start(config());
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"/leaflet/leaflet.js\">",
        "{\"name\": \"osm\", \"uri\": \"/osm/\", \"extension\": \"png\", \"minZoom\": 0, \"maxZoom\": 20",
        "{\"name\": \"big\", \"uri\": \"/big/\", \"extension\": \"png\", \"minZoom\": 0, \"maxZoom\": 5");
    HttpResponse<String> leaflet = get("/leaflet/leaflet.js");
    assertThat(leaflet.statusCode()).isEqualTo(200);
    assertThat(leaflet.body()).contains("Leaflet 1.9.4");
    assertThat(get("/leaflet/images/layers.png").headers().firstValue("content-type")).contains("image/png");
    assertThat(get("/leaflet/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  /** And the warm-up before it listens: not in the access log, its temporary tiles gone. */
  @Test
  void unixSocket_servesTiles_andTheAccessLogRecordsThem() throws Exception {
    Path socket = dir.resolve("http.sock");
    Path log = dir.resolve("access.log");
    Files.writeString(socket, "a stale socket file left by a crash");
    FrontendConfig c = config();
    long warmUpDirs = warmUpDirs();
    start(new FrontendConfig(new HttpSettings("127.0.0.1", 0, Optional.of(socket), 50, 511, 0, 8192,
        log.toString(), Duration.ofSeconds(1), Duration.ofMillis(500), Http2Settings.DEFAULT, Optional.empty()), c.renderd(), c.render(), c.tiles(), c.cache(), c.throttle(), c.admin(), c.popularity(), c.layers()));
    String response;
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("GET /osm/3/0/1.png HTTP/1.1\r\nHost: tiles\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (channel.read(in) >= 0 && in.hasRemaining()) {
        // until the server closes
      }
      response = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }
    assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("a tile").doesNotContain("Server:");
    server.close();
    server = null;
    assertThat(Files.readAllLines(log)).singleElement().asString().contains("\"GET /osm/3/0/1.png HTTP/1.1\" 200 6");
    assertThat(warmUpDirs()).isEqualTo(warmUpDirs);
  }

  private static long warmUpDirs() throws IOException {
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return tmp.filter(p -> p.getFileName().toString().startsWith("jtile-warm-up")).count();
    }
  }
}
