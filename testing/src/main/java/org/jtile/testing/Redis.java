package org.jtile.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's redis-server on 127.0.0.1, started by a test and stopped with it: no persistence, so a restart
 * after {@link #kill} starts empty, as a Redis without a disk would after a crash.
 */
public final class Redis implements AutoCloseable {
  private final Path dir;
  private final int port;
  private ExternalProcess process;

  private Redis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** redis-server on a free port. */
  public static Redis start(Path dir) {
    Redis redis = new Redis(dir, Ports.free());
    redis.restart();
    return redis;
  }

  /** Starts it (again, after {@link #kill}) on the same port. */
  public void restart() {
    Path server = Peers.require("redis-server", "redis-server");
    process = ExternalProcess.start("redis-" + port, dir, List.of(server.toString(), "--bind", "127.0.0.1",
        "--port", String.valueOf(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    process.awaitReady(() -> Ports.listening(port), Duration.ofSeconds(10));
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Kills it (SIGKILL): an outage. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
