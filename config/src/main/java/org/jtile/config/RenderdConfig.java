package org.jtile.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything renderd runs with, from either a HOCON file or a classic renderd.conf.
 *
 * @param socket the Unix socket to listen on, if any
 * @param socketPermissions the socket file's mode (default rw-rw----)
 * @param socketGroup the socket file's group, "" to keep the process's
 * @param tcpPort a TCP port to listen on as well (0: none); bound to {@code tcpHost}
 * @param numThreads render threads
 * @param statsFile mod_tile's stats file, if any
 * @param metricsPort an HTTP port on 127.0.0.1 serving Prometheus text (0: none)
 */
public record RenderdConfig(
    Optional<Path> socket,
    Set<PosixFilePermission> socketPermissions,
    String socketGroup,
    String tcpHost,
    int tcpPort,
    int numThreads,
    Optional<Path> statsFile,
    int maxConnections,
    QueueConfig queue,
    MapnikConfig mapnik,
    int metricsPort,
    List<MapConfig> maps) {

  /** Unix socket paths longer than this do not fit {@code sun_path}. */
  public static final int MAX_SOCKET_PATH = 107;

  public RenderdConfig {
    maps = List.copyOf(maps);
    socketPermissions = Set.copyOf(socketPermissions);
    if (socket.isEmpty() && tcpPort == 0) {
      throw new IllegalArgumentException("neither a unix socket nor a TCP port to listen on");
    }
    if (socket.isPresent() && socket.get().toString().length() > MAX_SOCKET_PATH) {
      throw new IllegalArgumentException("Specified socketname (" + socket.get()
          + ") exceeds maximum allowed length of " + (MAX_SOCKET_PATH + 1) + ".");
    }
    if (tcpPort < 0 || tcpPort > 65535) {
      throw new IllegalArgumentException("TCP port must be in [0, 65535]: " + tcpPort);
    }
    if (numThreads < 1) {
      throw new IllegalArgumentException("num_threads must be >= 1 (or -1 for one per CPU): " + numThreads);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections must be >= 1: " + maxConnections);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port must be in [0, 65535]: " + metricsPort);
    }
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("no maps configured");
    }
  }

  /** {@code num_threads = -1} means one render thread per CPU. */
  public static int threads(int configured) {
    return configured == -1 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  /** A file mode in octal ("0660") or symbolic ("rw-rw----") form. */
  public static Set<PosixFilePermission> parseMode(String mode) {
    if (mode.matches("0?[0-7]{3}")) {
      int bits = Integer.parseInt(mode, 8);
      StringBuilder symbolic = new StringBuilder();
      for (int shift = 6; shift >= 0; shift -= 3) {
        int part = bits >> shift;
        symbolic.append((part & 4) != 0 ? 'r' : '-').append((part & 2) != 0 ? 'w' : '-').append((part & 1) != 0 ? 'x' : '-');
      }
      mode = symbolic.toString();
    }
    try {
      return PosixFilePermissions.fromString(mode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("socket mode must be octal like 0660 or like rw-rw----: " + mode);
    }
  }

  public Optional<MapConfig> map(String name) {
    return maps.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
