package org.jtile.frontend.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the frontend listens.
 *
 * @param port 0 for any free port
 * @param unixSocket a Unix socket to listen on as well, for a reverse proxy
 * @param accessLog "" for none, "-" for the daemon's log, else a file
 * @param stopTimeout how long requests in flight may take to finish on shutdown
 */
public record HttpSettings(
    String host, int port, Optional<Path> unixSocket, int maxThreads, String accessLog, Duration stopTimeout) {

  public HttpSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("must be in [0, 65535]: " + port);
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("must be >= 8: " + maxThreads);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("must be >= 0: " + stopTimeout);
    }
  }

  /** Loopback, any free port, no access log: for tests and tools. */
  public static HttpSettings loopback() {
    return new HttpSettings("127.0.0.1", 0, Optional.empty(), 200, "", Duration.ofSeconds(5));
  }
}
