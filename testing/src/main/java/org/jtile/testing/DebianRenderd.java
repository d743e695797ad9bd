package org.jtile.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's C {@code renderd} (0.6.1), started in the foreground on a test's own config and socket. */
public final class DebianRenderd {
  private DebianRenderd() {}

  /** Starts renderd on {@code conf} and waits until its socket exists. */
  public static ExternalProcess start(Path dir, Path conf, Path socket) {
    Path renderd = Peers.require("renderd", "renderd");
    ExternalProcess process =
        ExternalProcess.start("renderd", dir, List.of(renderd.toString(), "-f", "-c", conf.toString()));
    process.awaitReady(() -> Files.exists(socket), Duration.ofSeconds(30));
    return process;
  }
}
