package org.jtile.frontend.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The HTTPS listener: the same host as HTTP, its own port, and the server's key and certificate chain
 * either as PEM files (Let's Encrypt's {@code fullchain.pem} and {@code privkey.pem}) or as one PKCS12
 * store. The files are read at start and again on every reload, so a renewed certificate is used
 * without a restart.
 *
 * @param port 0 for any free port
 * @param certificate PEM: the server's certificate first, then the chain
 * @param privateKey PEM: PKCS#8, PKCS#1 (RSA) or SEC1 (EC)
 * @param keystore PKCS12, instead of the two PEM files
 * @param password the PKCS12 store's password, or the PEM key's if it is encrypted ("" for none)
 */
public record TlsSettings(
    int port, Optional<Path> certificate, Optional<Path> privateKey, Optional<Path> keystore, String password) {

  public TlsSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("must be in [0, 65535]: " + port);
    }
    if (keystore.isPresent() == (certificate.isPresent() || privateKey.isPresent())) {
      throw new IllegalArgumentException("give either certificate and private_key (PEM) or keystore (PKCS12)");
    }
    if (keystore.isEmpty() && (certificate.isEmpty() || privateKey.isEmpty())) {
      throw new IllegalArgumentException("give both certificate and private_key");
    }
  }

  public static TlsSettings pem(int port, Path certificate, Path privateKey) {
    return new TlsSettings(port, Optional.of(certificate), Optional.of(privateKey), Optional.empty(), "");
  }

  public static TlsSettings pkcs12(int port, Path keystore, String password) {
    return new TlsSettings(port, Optional.empty(), Optional.empty(), Optional.of(keystore), password);
  }
}
