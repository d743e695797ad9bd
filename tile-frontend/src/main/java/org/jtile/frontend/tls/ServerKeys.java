package org.jtile.frontend.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.jtile.frontend.config.TlsSettings;

/**
 * The server's private key and certificate chain, read from {@link TlsSettings}' files and checked: the
 * files exist and parse, the key belongs to the first certificate, and that certificate is valid now. An
 * expired or mismatched certificate would start a server every browser refuses; it is refused here.
 */
public final class ServerKeys {
  /** The password of the in-memory store handed to Jetty: never written anywhere. */
  private static final String STORE_PASSWORD = "jtile";
  private static final String ALIAS = "server";
  private static final String PREFIX = "jtile.frontend.https.";

  private final KeyStore store;
  private final X509Certificate leaf;

  private ServerKeys(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException, IOException {
    this.store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(ALIAS, key, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
    this.leaf = chain.get(0);
  }

  /**
   * @param now the certificate must be valid at this instant
   * @throws IllegalArgumentException one line naming the key, the file and what is wrong with it
   */
  public static ServerKeys read(TlsSettings settings, Instant now) {
    String key;
    Path file;
    PrivateKey privateKey;
    List<X509Certificate> chain;
    if (settings.keystore().isPresent()) {
      key = "keystore";
      file = settings.keystore().get();
      KeyStore pkcs12 = pkcs12(file, settings.password());
      String alias = keyAlias(pkcs12, file);
      try {
        privateKey = (PrivateKey) pkcs12.getKey(alias, settings.password().toCharArray());
        chain = new ArrayList<>();
        for (Certificate c : pkcs12.getCertificateChain(alias)) {
          chain.add((X509Certificate) c);
        }
      } catch (GeneralSecurityException e) {
        throw bad(key, file, "cannot read the key: " + e.getMessage());
      }
    } else {
      key = "certificate";
      file = settings.certificate().get();
      chain = certificates(file);
      privateKey = privateKey(settings.privateKey().get(), settings.password());
      if (!belongsTo(privateKey, chain.get(0).getPublicKey())) {
        throw bad("private_key", settings.privateKey().get(), "does not belong to the certificate in " + file + " ("
            + chain.get(0).getSubjectX500Principal().getName() + ")");
      }
    }
    X509Certificate leaf = chain.get(0);
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw bad(key, file, "the certificate for " + leaf.getSubjectX500Principal().getName() + " expired on "
          + leaf.getNotAfter().toInstant());
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw bad(key, file, "the certificate for " + leaf.getSubjectX500Principal().getName() + " is valid only from "
          + leaf.getNotBefore().toInstant());
    }
    try {
      return new ServerKeys(privateKey, chain);
    } catch (GeneralSecurityException | IOException e) {
      throw bad(key, file, "cannot use the key: " + e.getMessage());
    }
  }

  /** For Jetty's {@code SslContextFactory}: the key and chain, protected by {@link #storePassword}. */
  public KeyStore store() {
    return store;
  }

  public String storePassword() {
    return STORE_PASSWORD;
  }

  /** The server's own certificate, the first of the chain. */
  public X509Certificate certificate() {
    return leaf;
  }

  private static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    Reader reader = reader(file, "certificate");
    try (PEMParser pem = new PEMParser(reader)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // Bouncy Castle reports bad base64 unchecked
      throw bad("certificate", file, "not a PEM certificate file: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw bad("certificate", file, "holds no certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, String password) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    Reader reader = reader(file, "private_key");
    try (PEMParser pem = new PEMParser(reader)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          // the private part alone: a SEC1 key may leave the public key out
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        } else if (o instanceof PEMEncryptedKeyPair encrypted) {
          return converter.getPrivateKey(encrypted.decryptKeyPair(
              new JcePEMDecryptorProviderBuilder().build(password.toCharArray())).getPrivateKeyInfo());
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
          return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password.toCharArray())));
        }
      }
    } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
      throw bad("private_key", file, "cannot read the key (wrong password?): " + e.getMessage());
    }
    throw bad("private_key", file, "holds no private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static KeyStore pkcs12(Path file, String password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (NoSuchFileException e) {
      throw bad("keystore", file, "no such file");
    } catch (IOException | GeneralSecurityException e) {
      throw bad("keystore", file, "not a PKCS12 store, or the wrong keystore password: " + e.getMessage());
    }
  }

  private static String keyAlias(KeyStore store, Path file) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return alias;
        }
      }
    } catch (GeneralSecurityException e) {
      throw bad("keystore", file, e.getMessage());
    }
    throw bad("keystore", file, "holds no private key");
  }

  private static Reader reader(Path file, String key) {
    try {
      return Files.newBufferedReader(file);
    } catch (NoSuchFileException e) {
      throw bad(key, file, "no such file");
    } catch (IOException e) {
      throw bad(key, file, "cannot read: " + e);
    }
  }

  /** Whether {@code key} signs what {@code certified} verifies: the one test that fits every key type. */
  private static boolean belongsTo(PrivateKey key, PublicKey certified) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
      return false;
    }
    if (algorithm == null) {
      // a key type without a signature we know: the handshake will tell
      return true;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static IllegalArgumentException bad(String key, Path file, String problem) {
    return new IllegalArgumentException(PREFIX + key + " '" + file + "': " + problem);
  }
}
