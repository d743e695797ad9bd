package org.jtile.frontend.config;

/**
 * HTTP/2 beside HTTP/1.1, and the limits that keep one client from costing the server more than its
 * requests: a browser opens one connection and up to {@code maxConcurrentStreams} requests on it.
 *
 * @param overTls h2 on the HTTPS listener, chosen by ALPN (browsers speak HTTP/2 only over TLS)
 * @param cleartext h2c on the plain listeners, by prior knowledge or Upgrade: for a proxy in front
 * @param maxConcurrentStreams requests one connection may have open at once
 * @param maxResetsPerSecond frames that cost the server work without a request (stream resets, pings,
 *     settings, empty data) one connection may send a second; past it the connection is closed: the
 *     rapid-reset flood (CVE-2023-44487)
 */
public record Http2Settings(boolean overTls, boolean cleartext, int maxConcurrentStreams, int maxResetsPerSecond) {
  public static final Http2Settings DEFAULT = new Http2Settings(true, true, 128, 128);

  public Http2Settings {
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("must be >= 1: " + maxConcurrentStreams);
    }
    if (maxResetsPerSecond < 1) {
      throw new IllegalArgumentException("must be >= 1: " + maxResetsPerSecond);
    }
  }
}
