package org.jtile.frontend.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for 127.0.0.1 and localhost, written as operators have them. */
public final class TestCertificates {
  private TestCertificates() {}

  /** A key and the certificate for it. */
  public record Issued(KeyPair keys, X509Certificate certificate) {
    /** As certbot writes them: the chain, and the key as PKCS#8. */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
      write(certificateFile, certificate);
      try (Writer w = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
      }
    }

    /** The key in the traditional form of older tools (PKCS#1 for RSA, SEC1 for EC), as openssl writes it. */
    public void writeTraditionalKey(Path keyFile) throws IOException, InterruptedException {
      Path pkcs8 = Files.createTempFile(keyFile.getParent(), "pkcs8", ".pem");
      try {
        try (Writer w = Files.newBufferedWriter(pkcs8); JcaPEMWriter pem = new JcaPEMWriter(w)) {
          pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        Process openssl = new ProcessBuilder("openssl", "pkey", "-in", pkcs8.toString(), "-traditional", "-out",
            keyFile.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
          throw new IOException("openssl pkey -traditional: " + output);
        }
      } finally {
        Files.delete(pkcs8);
      }
    }

    public void writePkcs12(Path file, String password) throws IOException, GeneralSecurityException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("tiles", keys.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
    }

    /** A client context that trusts this certificate alone. */
    public SSLContext trustingIt() throws GeneralSecurityException, IOException {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("tiles", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    }
  }

  /** Valid for a year from an hour ago. */
  public static Issued issue(String name) throws GeneralSecurityException {
    Instant now = Instant.now();
    return issue(name, "EC", now.minusSeconds(3600), now.plusSeconds(365 * 86400L));
  }

  /** @param algorithm "RSA" or "EC" */
  public static Issued issue(String name, String algorithm, Instant notBefore, Instant notAfter)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      String signature = algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
      return new Issued(keys, certificate);
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void write(Path file, X509Certificate object) throws IOException {
    try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(object);
    }
  }
}
