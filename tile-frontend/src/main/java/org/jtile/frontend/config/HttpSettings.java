package org.jtile.frontend.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the frontend listens.
 *
 * @param port 0 for any free port
 * @param unixSocket a Unix socket to listen on as well, for a reverse proxy
 * @param acceptQueue the listen backlog: connections the kernel holds until the server accepts them
 * @param selectors threads each listener watches its connections with; 0 for one per core
 * @param maxHeaderSize the most bytes of request headers, HTTP/1.1 and HTTP/2 alike (431 past it)
 * @param accessLog "" for none, "-" for the daemon's log, else a file
 * @param stopTimeout how long requests in flight may take to finish on shutdown
 * @param warmUp how long to serve generated tiles to itself before listening, so the first clients do not
 *     wait for the JIT; zero for none
 * @param https a TLS listener as well; empty for plain HTTP only
 */
public record HttpSettings(
    String host,
    int port,
    Optional<Path> unixSocket,
    int maxThreads,
    int acceptQueue,
    int selectors,
    int maxHeaderSize,
    String accessLog,
    Duration stopTimeout,
    Duration warmUp,
    Http2Settings http2,
    Optional<TlsSettings> https) {

  public HttpSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("must be in [0, 65535]: " + port);
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("must be >= 8: " + maxThreads);
    }
    if (acceptQueue < 1) {
      throw new IllegalArgumentException("must be >= 1: " + acceptQueue);
    }
    if (selectors < 0) {
      throw new IllegalArgumentException("must be >= 0: " + selectors);
    }
    if (maxHeaderSize < 1024) {
      throw new IllegalArgumentException("must be >= 1024: " + maxHeaderSize);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("must be >= 0: " + stopTimeout);
    }
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("must be >= 0: " + warmUp);
    }
  }

  /** Loopback, any free port, no access log, no warm-up, plain HTTP with h2c: for tests and tools. */
  public static HttpSettings loopback() {
    return new HttpSettings("127.0.0.1", 0, Optional.empty(), 200, 511, 0, 8192, "", Duration.ofSeconds(5),
        Duration.ZERO, Http2Settings.DEFAULT, Optional.empty());
  }

  /** {@link #selectors}, 0 resolved to the machine's cores. */
  public int selectorThreads() {
    return selectors > 0 ? selectors : Runtime.getRuntime().availableProcessors();
  }

  public HttpSettings withHttps(Optional<TlsSettings> https) {
    return new HttpSettings(host, port, unixSocket, maxThreads, acceptQueue, selectors, maxHeaderSize, accessLog,
        stopTimeout, warmUp, http2, https);
  }

  /**
   * Whether {@code next} listens as this does: everything but the certificate files' contents, which
   * a reload reads again.
   */
  public boolean sameListeners(HttpSettings next) {
    return withHttps(next.https).equals(next)
        && https.map(TlsSettings::port).equals(next.https.map(TlsSettings::port));
  }
}
