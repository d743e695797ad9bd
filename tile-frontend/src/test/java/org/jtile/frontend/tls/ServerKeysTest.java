package org.jtile.frontend.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jtile.frontend.config.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in every form operators have them; every bad one is one line naming the key and the file. */
class ServerKeysTest {
  @TempDir Path dir;
  private final Path cert = Path.of("fullchain.pem");
  private final Path key = Path.of("privkey.pem");

  private TlsSettings pem() {
    return TlsSettings.pem(0, dir.resolve(cert), dir.resolve(key));
  }

  @Test
  void pemPkcs8_pkcs1_sec1_andPkcs12_allRead() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      TestCertificates.Issued issued = TestCertificates.issue("tiles", algorithm, Instant.now().minusSeconds(60),
          Instant.now().plusSeconds(86400));
      issued.writePem(dir.resolve(cert), dir.resolve(key));
      assertThat(ServerKeys.read(pem(), Instant.now()).certificate()).isEqualTo(issued.certificate());
      issued.writeTraditionalKey(dir.resolve(key));
      assertThat(Files.readString(dir.resolve(key))).contains("BEGIN " + algorithm + " PRIVATE KEY");
      assertThat(ServerKeys.read(pem(), Instant.now()).certificate()).isEqualTo(issued.certificate());
      issued.writePkcs12(dir.resolve("tiles.p12"), "s3cret");
      assertThat(ServerKeys.read(TlsSettings.pkcs12(0, dir.resolve("tiles.p12"), "s3cret"), Instant.now())
          .certificate()).isEqualTo(issued.certificate());
    }
  }

  @Test
  void expiredOrNotYetValid_isRefused() throws Exception {
    Instant now = Instant.now();
    TestCertificates.issue("old", "EC", now.minusSeconds(7200), now.minusSeconds(3600))
        .writePem(dir.resolve(cert), dir.resolve(key));
    assertThatThrownBy(() -> ServerKeys.read(pem(), now))
        .hasMessageMatching("jtile.frontend.https.certificate '.*fullchain.pem': the certificate for CN=old expired on .*");
    TestCertificates.issue("early", "EC", now.plusSeconds(3600), now.plusSeconds(7200))
        .writePem(dir.resolve(cert), dir.resolve(key));
    assertThatThrownBy(() -> ServerKeys.read(pem(), now)).hasMessageContaining("is valid only from");
  }

  @Test
  void keyOfAnotherCertificate_isRefused() throws Exception {
    TestCertificates.issue("one").writePem(dir.resolve(cert), dir.resolve("one.pem"));
    TestCertificates.issue("two").writePem(dir.resolve("two.crt"), dir.resolve(key));
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageMatching(
        "jtile.frontend.https.private_key '.*privkey.pem': does not belong to the certificate in .*fullchain.pem \\(CN=one\\)");
    TestCertificates.issue("rsa", "RSA", Instant.now(), Instant.now().plusSeconds(60))
        .writePem(dir.resolve("rsa.crt"), dir.resolve(key));
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageContaining("does not belong");
  }

  @Test
  void missingGarbledOrSwappedFiles_andAWrongPassword_areOneLine() throws Exception {
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageMatching(
        "jtile.frontend.https.certificate '.*fullchain.pem': no such file");
    TestCertificates.Issued issued = TestCertificates.issue("tiles");
    issued.writePem(dir.resolve(cert), dir.resolve(key));
    Files.delete(dir.resolve(key));
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageMatching(
        "jtile.frontend.https.private_key '.*privkey.pem': no such file");
    Files.writeString(dir.resolve(key), "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now()))
        .hasMessageStartingWith("jtile.frontend.https.private_key '" + dir.resolve(key) + "': cannot read the key");
    // the key given as the certificate, and the certificate as the key
    issued.writePem(dir.resolve(key), dir.resolve(cert));
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageContaining(
        "holds no certificate (-----BEGIN CERTIFICATE-----)");
    Files.write(dir.resolve(cert), new byte[] {0, 1, 2, (byte) 0xff});
    assertThatThrownBy(() -> ServerKeys.read(pem(), Instant.now())).hasMessageContaining("not a PEM certificate file");
    issued.writePkcs12(dir.resolve("tiles.p12"), "s3cret");
    assertThatThrownBy(() -> ServerKeys.read(TlsSettings.pkcs12(0, dir.resolve("tiles.p12"), "guess"), Instant.now()))
        .hasMessageStartingWith("jtile.frontend.https.keystore '" + dir.resolve("tiles.p12")
            + "': not a PKCS12 store, or the wrong keystore password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
