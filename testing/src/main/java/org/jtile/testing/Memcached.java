package org.jtile.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's memcached on 127.0.0.1, started by a test and stopped with it. */
public final class Memcached implements AutoCloseable {
  private final ExternalProcess process;
  private final int port;

  private Memcached(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** memcached on {@code port} (0: a free one), 64 MB, TCP only. */
  public static Memcached start(Path dir, int port) {
    Path memcached = Peers.require("memcached", "memcached");
    int p = port == 0 ? Ports.free() : port;
    if (port != 0 && Ports.listening(p)) {
      throw new AssertionError("port " + p + " is taken: stop the memcached listening there (C renderd 0.6.1 "
          + "only reaches localhost:11211)");
    }
    ExternalProcess process = ExternalProcess.start("memcached-" + p, dir, List.of(memcached.toString(), "-l",
        "127.0.0.1", "-p", String.valueOf(p), "-U", "0", "-m", "64", "-u", "nobody"));
    process.awaitReady(() -> Ports.listening(p), Duration.ofSeconds(10));
    return new Memcached(process, p);
  }


  public int port() {
    return port;
  }

  /** The storage string of this server. */
  public String storage() {
    return "memcached://127.0.0.1:" + port;
  }

  /** Stops it: an outage, for tests of what survives one. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
