package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jtile.config.ConfigException;
import org.jtile.frontend.tls.TestCertificates;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Poll;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the daemon as operators run it: PEM files as Let's Encrypt writes them, a bad one refused at
 * start-up with one line and exit 7, a renewed one taken on SIGHUP without dropping connections, HTTP/2 by
 * ALPN, and garbage on the TLS port closed without a word in the log.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsTest {
  @TempDir Path dir;
  private final int httpsPort = Ports.free();

  private Path config(Path certificate, Path key) throws IOException {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    byte[][] pngs = new byte[64][];
    Arrays.fill(pngs, "a tile".getBytes(StandardCharsets.US_ASCII));
    new FileTileStore(tiles, Clock.systemUTC()).write(new MetatileKey("osm", "", MetatileCoord.containing(3, 0, 0)),
        MetatileWriter.write(MetatileCoord.containing(3, 0, 0), pngs));
    return Files.writeString(dir.resolve("frontend.conf"), """
        jtile.frontend {
          http { host = "127.0.0.1", port = 0 }
          https { port = %d, certificate = "%s", private_key = "%s" }
          render.socket = ""
          tile_dir = "%s"
          layers.osm {}
        }
        """.formatted(httpsPort, certificate, key, tiles));
  }

  @Test
  void missingExpiredOrMismatchedCertificate_oneLineAndExit7() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    Path conf = config(cert, key);
    assertStartRefused(conf, "jtile.frontend.https.certificate '" + cert + "': no such file");

    Instant now = Instant.now();
    TestCertificates.issue("tiles.example.org", "RSA", now.minusSeconds(90 * 86400), now.minusSeconds(86400))
        .writePem(cert, key);
    assertStartRefused(conf, "jtile.frontend.https.certificate '" + cert
        + "': the certificate for CN=tiles.example.org expired on ");

    TestCertificates.issue("tiles.example.org").writePem(cert, dir.resolve("unused.pem"));
    assertStartRefused(conf, "jtile.frontend.https.private_key '" + key + "': does not belong to the certificate in "
        + cert + " (CN=tiles.example.org)");
  }

  private void assertStartRefused(Path conf, String line) {
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(60), "",
        List.of(JtileDaemons.bin("jtile-frontend").toString(), "--config", conf.toString()));
    assertThat(result.exitCode()).as(result.output()).isEqualTo(ConfigException.INVALID);
    assertThat(result.output()).contains(line).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void sighup_newHandshakesUseTheRenewedCertificate_openConnectionsFinish() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    TestCertificates.Issued first = TestCertificates.issue("first");
    first.writePem(cert, key);
    try (JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend",
        List.of("--config", config(cert, key).toString()))) {
      HttpClient h2 = HttpClient.newBuilder().sslContext(first.trustingIt()).build();
      HttpResponse<String> tile = h2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort
          + "/osm/3/1/2.png")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(tile.statusCode()).isEqualTo(200);
      assertThat(tile.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(tile.body()).isEqualTo("a tile");
      assertThat(frontend.process().output()).contains("https: certificate for CN=first, valid until");
      // the start-up warm-up served itself over HTTP/2 and TLS with the same certificate, none failed
      assertThat(frontend.process().output()).containsPattern("warmed up over HTTP/2 and TLS: [1-9][0-9]* requests"
          + " to itself in [0-9]+ ms\n");

      try (SSLSocket open = connect(first.trustingIt())) {
        assertThat(get(open, "/osm/3/1/1.png")).startsWith("HTTP/1.1 200 ").endsWith("a tile");
        TestCertificates.Issued renewed = TestCertificates.issue("renewed");
        // certbot replaces both files, then the deploy hook sends SIGHUP
        renewed.writePem(cert, key);
        frontend.process().signal("HUP");
        assertThat(Poll.until(Duration.ofSeconds(20), () -> frontend.process().output().contains("CN=renewed")))
            .isTrue();
        // the connection opened before goes on with the old certificate
        assertThat(get(open, "/osm/3/1/3.png")).startsWith("HTTP/1.1 200 ").endsWith("a tile");
        assertThat(peer(open)).isEqualTo(first.certificate());
        try (SSLSocket fresh = connect(renewed.trustingIt())) {
          assertThat(peer(fresh)).isEqualTo(renewed.certificate());
          assertThat(get(fresh, "/osm/3/1/4.png")).startsWith("HTTP/1.1 200 ");
        }
      }

      // an expired renewal is refused, and the running certificate kept
      Instant now = Instant.now();
      TestCertificates.issue("expired", "EC", now.minusSeconds(7200), now.minusSeconds(3600)).writePem(cert, key);
      frontend.process().signal("HUP");
      assertThat(Poll.until(Duration.ofSeconds(20),
          () -> frontend.process().output().contains("CN=expired expired on"))).isTrue();
      assertThat(frontend.process().isAlive()).isTrue();
    }
  }

  @Test
  void garbageBeforeTheHandshake_closesTheConnection_andLogsNothing() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    TestCertificates.Issued issued = TestCertificates.issue("tiles");
    issued.writePem(cert, key);
    try (JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend",
        List.of("--config", config(cert, key).toString()))) {
      String before = frontend.process().output();
      Random random = new Random(7);
      for (String garbage : List.of("GET /osm/3/1/1.png HTTP/1.1\r\nHost: x\r\n\r\n", "\u0016\u0003\u0001\u0000\u0005hello",
          "x".repeat(100_000))) {
        try (Socket s = new Socket("127.0.0.1", httpsPort)) {
          s.setSoTimeout(10_000);
          byte[] bytes = garbage.getBytes(StandardCharsets.ISO_8859_1);
          try {
            s.getOutputStream().write(bytes);
          } catch (IOException closedWhileWriting) {
            // the server may close before it has read everything
          }
          assertThat(drain(s.getInputStream())).as("bytes back before the close").isLessThan(1000);
        }
      }
      byte[] noise = new byte[65_536];
      random.nextBytes(noise);
      try (Socket s = new Socket("127.0.0.1", httpsPort)) {
        s.setSoTimeout(10_000);
        try {
          s.getOutputStream().write(noise);
        } catch (IOException closedWhileWriting) {
          // as above
        }
        drain(s.getInputStream());
      }
      // still serving, and not one line more in the log
      HttpClient client = HttpClient.newBuilder().sslContext(issued.trustingIt()).build();
      assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/osm/3/1/2.png"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(frontend.process().output()).isEqualTo(before);
    }
  }

  /** Reads until the server closes (a reset counts as closed); how many bytes came. */
  private static int drain(InputStream in) throws IOException {
    int total = 0;
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    } catch (java.net.SocketException reset) {
      // closed with unread input: a reset
    }
    return total;
  }

  private SSLSocket connect(SSLContext context) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", httpsPort);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static X509Certificate peer(SSLSocket socket) throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** One keep-alive HTTP/1.1 request on {@code socket}: the status line and the body. */
  private static String get(SSLSocket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    int length = Integer.parseInt(head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .findFirst().orElseThrow().substring(15).trim());
    return head.substring(0, head.indexOf("\r\n")) + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
