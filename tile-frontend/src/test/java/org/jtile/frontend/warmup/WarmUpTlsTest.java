package org.jtile.frontend.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.config.TlsSettings;
import org.jtile.frontend.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warm-up's HTTP/2 client against a real TLS listener serving the warm-up's tiles. */
class WarmUpTlsTest {
  @TempDir Path dir;

  @Test
  void servesItselfOverHttp2AndTls_trustingItsOwnCertificateOnly() throws Exception {
    // issued for a public name, reached as 127.0.0.1: as a certbot certificate on a real server
    TestCertificates.Issued own = TestCertificates.issue("tiles.example.org");
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    own.writePem(cert, key);
    HttpSettings http = HttpSettings.loopback().withHttps(Optional.of(TlsSettings.pem(0, cert, key)));
    try (FrontendServer server = new FrontendServer(WarmUp.config(Files.createDirectories(dir.resolve("tiles")))
        .withHttp(http), Clock.systemUTC(), System::nanoTime, Math::random)) {
      server.start();

      WarmUp.Report warm = WarmUp.driveTls(server.httpsPort(), own.certificate(), Duration.ofMillis(500));
      assertThat(warm.requests()).isPositive();
      assertThat(warm.errors()).isZero();

      WarmUp.Report stranger = WarmUp.driveTls(server.httpsPort(),
          TestCertificates.issue("tiles.example.org").certificate(), Duration.ofMillis(200));
      assertThat(stranger.requests()).as("another certificate for the same name is not trusted").isZero();
      assertThat(stranger.errors()).isPositive();
    }
  }
}
