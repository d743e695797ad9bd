package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.config.TlsSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.tls.TestCertificates;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 beside HTTP/1.1: h2 by ALPN, h2c for a proxy, and the abuse HTTP/2 invites (rapid-reset floods,
 * streams left open, oversized headers) costing the abuser its connection and nobody else anything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2Test {
  @TempDir Path dir;
  private FrontendServer server;
  private TestCertificates.Issued issued;

  @BeforeEach
  void start() throws Exception {
    byte[][] pngs = new byte[64][];
    Arrays.fill(pngs, "a tile".getBytes(StandardCharsets.US_ASCII));
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    for (int x = 0; x < 8; x += 8) {
      store.write(new MetatileKey("osm", "", MetatileCoord.containing(3, x, 0)),
          MetatileWriter.write(MetatileCoord.containing(3, x, 0), pngs));
    }
    issued = TestCertificates.issue("tiles");
    issued.writePem(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
    FrontendConfig config = FrontendConfig.of(List.of(Layer.simple("/osm/", "osm", dir.toString())), Optional.empty(),
        RenderPolicy.DEFAULT);
    HttpSettings http = config.http().withHttps(Optional.of(
        TlsSettings.pem(0, dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"))));
    server = new FrontendServer(config.withHttp(http), Clock.systemUTC(), () -> 0.0);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private URI https(String path) {
    return URI.create("https://127.0.0.1:" + server.httpsPort() + path);
  }

  private URI http(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void h2OverTls_h2cForAProxy_http11Unchanged() throws Exception {
    HttpClient h2 = HttpClient.newBuilder().sslContext(issued.trustingIt()).version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> tls = h2.send(HttpRequest.newBuilder(https("/osm/3/1/2.png")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tls.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(tls.body()).isEqualTo("a tile");
    assertThat(tls.headers().firstValue("etag")).isPresent();
    // HTTP/2 has no Host header: links name the :authority the client asked for
    assertThat(h2.send(HttpRequest.newBuilder(https("/osm/tile-layer.json")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).contains("https://127.0.0.1:" + server.httpsPort() + "/osm/{z}");
    // a cleartext request with Upgrade: h2c, as the JDK client sends it
    HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(http("/osm/3/1/2.png")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(upgraded.body()).isEqualTo("a tile");
    HttpClient h1 = HttpClient.newBuilder().sslContext(issued.trustingIt()).version(HttpClient.Version.HTTP_1_1).build();
    assertThat(h1.send(HttpRequest.newBuilder(https("/osm/3/1/2.png")).build(), HttpResponse.BodyHandlers.ofString())
        .version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(h1.send(HttpRequest.newBuilder(http("/osm/3/1/2.png")).build(), HttpResponse.BodyHandlers.ofString())
        .version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    // ALPN as browsers send it: with HTTP/2 off, only http/1.1
    assertThat(alpn("http/1.1")).startsWith("http/1.1 HTTP/1.1 200");
    assertThat(alpn("h2", "http/1.1")).startsWith("h2 ");
    // prior knowledge, as nginx's grpc_pass or HAProxy's proto h2 speak it
    try (RawHttp2 h2c = RawHttp2.cleartext(server.port())) {
      int stream = h2c.get("/osm/3/1/2.png", true);
      h2c.flush();
      assertThat(frames(h2c, stream)).anySatisfy(f -> assertThat(f.type()).isEqualTo(RawHttp2.HEADERS))
          .anySatisfy(f -> assertThat(new String(f.payload(), StandardCharsets.US_ASCII)).isEqualTo("a tile"));
    }
  }

  /** The protocol ALPN agreed on for a client offering {@code protocols}, then an HTTP/1.1 answer's start. */
  private String alpn(String... protocols) throws Exception {
    try (SSLSocket socket = (SSLSocket) issued.trustingIt().getSocketFactory().createSocket("127.0.0.1",
        server.httpsPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(protocols);
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      String agreed = socket.getApplicationProtocol();
      if (!agreed.equals("http/1.1")) {
        return agreed + " ";
      }
      socket.getOutputStream().write("GET /osm/3/1/2.png HTTP/1.1\r\nHost: tiles\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return agreed + " " + new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Frames for {@code stream} until it ends (a frame with END_STREAM, or a reset). */
  private static List<RawHttp2.Frame> frames(RawHttp2 h2, int stream) throws IOException {
    List<RawHttp2.Frame> frames = new ArrayList<>();
    for (RawHttp2.Frame f = h2.read(); f != null; f = h2.read()) {
      if (f.stream() == stream) {
        frames.add(f);
        if ((f.flags() & 1) != 0 || f.type() == RawHttp2.RST_STREAM) {
          return frames;
        }
      }
    }
    throw new IOException("closed before stream " + stream + " ended: " + frames);
  }

  /**
   * CVE-2023-44487: clients open requests and reset them at once, as fast as they can write. The flood
   * (bounded: two connections at a time, three seconds) loses its connections; a browser fetching
   * tiles beside it keeps its speed.
   */
  @Test
  void rapidResetFlood_closesTheFloodersConnections_othersKeepTheirSpeed() throws Exception {
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 200; i++) {
      // the JIT's first compilations are not what a flood costs
      browser.send(HttpRequest.newBuilder(http("/osm/3/" + (i % 8) + "/2.png")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    AtomicLong resets = new AtomicLong();
    AtomicInteger closedByServer = new AtomicInteger();
    ConcurrentLinkedQueue<RawHttp2> open = new ConcurrentLinkedQueue<>();
    List<Thread> flooders = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread flooder = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          try (RawHttp2 h2 = RawHttp2.tls(issued.trustingIt(), server.httpsPort())) {
            open.add(h2);
            while (System.nanoTime() < deadline) {
              for (int i = 0; i < 50; i++) {
                h2.reset(h2.get("/osm/3/1/2.png", true));
              }
              h2.flush();
              resets.addAndGet(50);
            }
          } catch (IOException | java.security.GeneralSecurityException e) {
            closedByServer.incrementAndGet();
          }
        }
      }, "rapid-reset-" + t);
      flooder.start();
      flooders.add(flooder);
    }
    List<Long> micros = new ArrayList<>();
    int ok = 0;
    while (System.nanoTime() < deadline) {
      long start = System.nanoTime();
      HttpResponse<Void> r = browser.send(HttpRequest.newBuilder(http("/osm/3/" + (micros.size() % 8) + "/3.png"))
          .build(), HttpResponse.BodyHandlers.discarding());
      micros.add((System.nanoTime() - start) / 1000);
      ok += r.statusCode() == 200 ? 1 : 0;
      Thread.sleep(5);
    }
    for (Thread flooder : flooders) {
      flooder.join(10_000);
      if (flooder.isAlive()) {
        // a write the server stopped reading: closing the sockets ends it
        for (RawHttp2 h2 : open) {
          h2.close();
        }
        flooder.join(10_000);
      }
    }
    micros.sort(null);
    long p99 = micros.get(micros.size() * 99 / 100);
    assertThat(ok).isEqualTo(micros.size()).isGreaterThan(100);
    System.out.printf("rapid reset: %d resets on %d connections closed by the server; beside them %d tiles, "
        + "p50 %d µs, p99 %d µs%n", resets.get(), closedByServer.get(), micros.size(), micros.get(micros.size() / 2), p99);
    assertThat(p99).as("p99 µs of %d tiles beside %d resets", micros.size(), resets.get()).isLessThanOrEqualTo(50_000);
    assertThat(closedByServer.get()).as("flood connections the server closed").isGreaterThan(0);
    assertThat(browser.send(HttpRequest.newBuilder(http("/osm/3/1/2.png")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("a tile");
  }

  @Test
  void streamsBeyondTheLimit_areRefused_oversizedHeaders_get431() throws Exception {
    try (RawHttp2 h2 = RawHttp2.cleartext(server.port())) {
      // requests whose bodies never come keep their streams open
      for (int i = 0; i < 200; i++) {
        h2.get("/osm/3/1/2.png", false);
      }
      h2.flush();
      boolean refused = false;
      for (RawHttp2.Frame f = h2.read(); f != null && !refused; f = h2.read()) {
        refused = f.type() == RawHttp2.RST_STREAM && f.errorCode() == 7 || f.type() == RawHttp2.GOAWAY;
      }
      assertThat(refused).as("a stream refused (REFUSED_STREAM) or the connection ended (GOAWAY)").isTrue();
    }
    // a client that ignores SETTINGS_MAX_HEADER_LIST_SIZE loses its connection (HPACK's state is then lost):
    // it reads GOAWAY, or a broken pipe when the close comes while it still writes the header block
    HttpClient h2 = HttpClient.newBuilder().sslContext(issued.trustingIt()).version(HttpClient.Version.HTTP_2).build();
    assertThatThrownBy(() -> h2.send(HttpRequest.newBuilder(https("/osm/3/1/2.png"))
        .header("X-Big", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class).message().containsAnyOf("GOAWAY", "Broken pipe", "reset");
    HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    assertThat(h1.send(HttpRequest.newBuilder(http("/osm/3/1/2.png")).header("X-Big", "x".repeat(20_000)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(431);
    assertThat(h2.send(HttpRequest.newBuilder(https("/osm/3/1/2.png")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).isEqualTo("a tile");
  }
}
