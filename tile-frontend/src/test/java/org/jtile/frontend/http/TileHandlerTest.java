package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.zip.GZIPOutputStream;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frontend on a real loopback port, serving metatiles from a file store. */
class TileHandlerTest {
  private static final Instant RENDERED = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir Path dir;
  private FrontendServer server;
  private FileTileStore store;
  // HTTP/1.1: a 1 MB path is a 431 there; HTTP/2 answers it with GOAWAY (Http2Test)
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final FakeClock clock = FakeClock.startingNow();

  @BeforeEach
  void start() throws Exception {
    store = new FileTileStore(dir, Clock.systemUTC());
    Files.setLastModifiedTime(Files.createFile(dir.resolve("planet-import-complete")), FileTime.from(RENDERED.minusSeconds(60)));
    start(() -> 0.0);
  }

  private void start(DoubleSupplier jitter) throws Exception {
    server = new FrontendServer(FrontendConfig.of(List.of(Layer.simple("/osm/", "osm", dir.toString())),
        Optional.empty(), RenderPolicy.DEFAULT), clock, clock::nanoTime, jitter);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private byte[] tileBytes(int slot) {
    return ("PNG of slot " + slot).getBytes(StandardCharsets.US_ASCII);
  }

  private void writeMetatile(String style, int z, int x, int y, boolean gzip) throws Exception {
    MetatileCoord at = MetatileCoord.containing(z, x, y);
    byte[][] tiles = new byte[64][];
    for (int i = 0; i < 64; i++) {
      tiles[i] = gzip ? gzip(tileBytes(i)) : tileBytes(i);
    }
    byte[] meta = MetatileWriter.write(at, tiles);
    if (gzip) {
      meta[3] = 'Z';
    }
    MetatileKey key = new MetatileKey(style, "", at);
    store.write(key, meta);
    Files.setLastModifiedTime(store.path(key), FileTime.from(RENDERED));
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void cachedTile_isServedWithModTilesHeaders_andALastModified() throws Exception {
    writeMetatile("osm", 9, 297, 191, false);
    HttpResponse<byte[]> response = get("/osm/9/297/191.png");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(tileBytes(15));
    assertThat(response.headers().firstValue("content-type")).contains("image/png");
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(tileBytes(15)));
    assertThat(response.headers().firstValue("etag")).contains("\"" + md5 + "\"");
    assertThat(response.headers().firstValue("last-modified")).contains("Fri, 20 Nov 2026 10:00:00 GMT");
    assertThat(response.headers().firstValue("cache-control")).contains("max-age=10800");
    assertThat(response.headers().firstValue("expires")).isPresent();
  }

  @Test
  void validators_give304_andHeadGivesNoBody() throws Exception {
    writeMetatile("osm", 9, 297, 191, false);
    String etag = get("/osm/9/297/191.png").headers().firstValue("etag").orElseThrow();
    assertThat(get("/osm/9/297/191.png", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/osm/9/297/191.png", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(get("/osm/9/297/191.png", "If-Modified-Since", "Fri, 20 Nov 2026 10:00:00 GMT").statusCode()).isEqualTo(304);
    assertThat(get("/osm/9/297/191.png", "If-Modified-Since", "Fri, 20 Nov 2026 09:59:59 GMT").statusCode()).isEqualTo(200);
    assertThat(get("/osm/9/297/191.png", "If-Modified-Since", "garbage").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/osm/9/297/191.png")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-length")).contains(String.valueOf(tileBytes(15).length));
  }

  @Test
  void aTilesResponsesWithinOneSecond_shareOneDrawOfTheJitter() throws Exception {
    server.close();
    AtomicInteger draws = new AtomicInteger();
    start(() -> draws.incrementAndGet() % 10 / 10.0); // 0.1, 0.2, ...: each draw another max-age
    writeMetatile("osm", 9, 297, 191, false);
    HttpResponse<byte[]> first = get("/osm/9/297/191.png");
    HttpResponse<byte[]> second = get("/osm/9/297/191.png");
    assertThat(first.headers().firstValue("cache-control")).contains("max-age=" + (10800 + 1080));
    assertThat(second.headers().firstValue("cache-control")).isEqualTo(first.headers().firstValue("cache-control"));
    assertThat(second.headers().firstValue("expires")).isEqualTo(first.headers().firstValue("expires"));
    assertThat(get("/osm/9/297/190.png").headers().firstValue("cache-control"))
        .as("another tile, another draw").contains("max-age=" + (10800 + 2160));

    clock.advance(Duration.ofSeconds(1));
    HttpResponse<byte[]> later = get("/osm/9/297/191.png");
    assertThat(later.headers().firstValue("cache-control")).as("the next second, a new draw")
        .contains("max-age=" + (10800 + 3240));
    assertThat(later.headers().firstValue("expires")).isNotEqualTo(first.headers().firstValue("expires"));
  }

  @Test
  void staleTile_getsTheDirtyDuration() throws Exception {
    writeMetatile("osm", 5, 1, 1, false);
    Files.setLastModifiedTime(dir.resolve("planet-import-complete"), FileTime.from(RENDERED.plusSeconds(60)));
    clock.advance(Duration.ofSeconds(2)); // the planet timestamp is cached for a second
    assertThat(get("/osm/5/1/1.png").headers().firstValue("cache-control")).contains("max-age=900, stale-while-revalidate=86400");
  }

  @Test
  void compressedMetatile_gzipWhenAccepted_inflatedOtherwise() throws Exception {
    writeMetatile("osm", 4, 3, 3, true);
    HttpResponse<byte[]> plain = get("/osm/4/3/3.png");
    assertThat(plain.body()).isEqualTo(tileBytes(27));
    HttpResponse<byte[]> zipped = get("/osm/4/3/3.png", "Accept-Encoding", "gzip");
    assertThat(zipped.headers().firstValue("content-encoding")).contains("gzip");
    assertThat(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes())
        .isEqualTo(tileBytes(27));
  }

  @Test
  void status_saysCleanOrDue() throws Exception {
    writeMetatile("osm", 3, 0, 0, false);
    String clean = new String(get("/osm/3/0/0.png/status").body(), StandardCharsets.UTF_8);
    assertThat(clean).startsWith("Tile is clean. Last rendered at Fri, 20 Nov 2026 10:00:00 GMT. Stored in file://");
    store.expire(new MetatileKey("osm", "", new MetatileCoord(3, 0, 0)));
    assertThat(new String(get("/osm/3/0/0.png/status").body(), StandardCharsets.UTF_8)).startsWith("Tile is due to be rendered.");
    assertThat(new String(get("/osm/4/8/8.png/status").body(), StandardCharsets.UTF_8))
        .startsWith("No tile could be found at storage location: file://");
  }

  @Test
  void badRequests_areClean4xx_neverA500() throws Exception {
    writeMetatile("osm", 1, 0, 0, false);
    for (String path : new String[] {
        "/osm/1/0/0.jpg", "/osm/1/2/0.png", "/osm/-1/0/0.png", "/osm/99/0/0.png", "/osm/a/b/c.png",
        "/osm/1/0/0.png/nope", "/osm/../../../etc/passwd", "/osm/1/0/..%2F..%2Fx.png", "/osm/%2e%2e/0/0.png",
        "/osm/1%2F0/0/0.png", "/osm/3/0/0.png", "/elsewhere/1/0/0.png", "/osm/" + "1/".repeat(400) + "0.png",
        "/osm/1/0/0.png/" + "x".repeat(1 << 20)}) {
      int status = get(path).statusCode();
      assertThat(status).as(path.length() > 80 ? path.substring(0, 80) + "…" : path).isBetween(400, 499);
    }
    assertThat(get("/osm/1/0/0.png").statusCode()).isEqualTo(200);
    assertThat(get("/osm/1/0/0.png?cachebuster=" + "x".repeat(100)).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/osm/1/0/0.png")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void reRenderedMetatile_isServedNew_afterTheRevalidationInterval() throws Exception {
    writeMetatile("osm", 7, 0, 0, false);
    assertThat(get("/osm/7/0/0.png").body()).isEqualTo(tileBytes(0));
    MetatileCoord at = MetatileCoord.containing(7, 0, 0);
    byte[][] tiles = new byte[64][];
    java.util.Arrays.fill(tiles, "new version".getBytes(StandardCharsets.US_ASCII));
    store.write(new MetatileKey("osm", "", at), MetatileWriter.write(at, tiles));
    assertThat(get("/osm/7/0/0.png").body()).as("within tiles.revalidate").isEqualTo(tileBytes(0));
    clock.advance(Duration.ofSeconds(2)); // tiles.revalidate defaults to a second
    assertThat(new String(get("/osm/7/0/0.png").body(), StandardCharsets.US_ASCII)).isEqualTo("new version");
  }

  @Test
  void corruptOrTruncatedMetatile_is404() throws Exception {
    MetatileKey key = MetatileKey.containing("osm", 6, 0, 0);
    Files.createDirectories(store.path(key).getParent());
    Files.write(store.path(key), new byte[] {'M', 'E', 'T', 'A', 1, 2});
    assertThat(get("/osm/6/0/0.png").statusCode()).isEqualTo(404);
    Files.write(store.path(key), new byte[0]);
    assertThat(get("/osm/6/0/0.png").statusCode()).isEqualTo(404);
  }
}
