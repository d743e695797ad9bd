package org.jtile.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
 * @param cluster the shared queue on Redis, when this host is one of several ({@code docs/farm.md})
 * @param slaves mod_tile's slave renderds this one forwards jobs to (classic configuration only)
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
    Optional<ClusterConfig> cluster,
    List<SlaveConfig> slaves,
    List<MapConfig> maps) {

  /** Unix socket paths longer than this do not fit {@code sun_path}. */
  public static final int MAX_SOCKET_PATH = 107;

  public RenderdConfig {
    maps = List.copyOf(maps);
    slaves = List.copyOf(slaves);
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

  /**
   * A renderd configuration in either form, told apart by content: jtile's HOCON, or a classic mod_tile
   * renderd.conf. What {@code -c/--config} reads in jtile-renderd and the tools.
   *
   * @param warn told of keys jtile does not know (HOCON)
   */
  public static RenderdConfig read(Path file, Consumer<String> warn) throws ConfigException {
    return Defaults.isHocon(file) ? HoconConfig.read(file, warn) : ClassicConfig.read(file);
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

  /**
   * A renderd for {@code maps} listening nowhere yet, with mod_tile's defaults for the rest: socket mode
   * 0660, four render threads, 4096 connections, no stats file or metrics, Debian's Mapnik paths.
   */
  public static Builder builder(List<MapConfig> maps) {
    return new Builder(maps);
  }

  /** Builds a {@link RenderdConfig}; {@link #build} validates. */
  public static final class Builder {
    private final List<MapConfig> maps;
    private Optional<Path> socket = Optional.empty();
    private Set<PosixFilePermission> socketPermissions = parseMode("0660");
    private String socketGroup = "";
    private String tcpHost = "127.0.0.1";
    private int tcpPort = 0;
    private int numThreads = 4;
    private Optional<Path> statsFile = Optional.empty();
    private int maxConnections = 4096;
    private QueueConfig queue = QueueConfig.DEFAULT;
    private MapnikConfig mapnik = MapnikConfig.DEBIAN;
    private int metricsPort = 0;
    private Optional<ClusterConfig> cluster = Optional.empty();
    private List<SlaveConfig> slaves = List.of();

    private Builder(List<MapConfig> maps) {
      this.maps = maps;
    }

    public Builder socket(Optional<Path> socket) {
      this.socket = socket;
      return this;
    }

    public Builder socket(Path socket) {
      return socket(Optional.of(socket));
    }

    public Builder socketMode(Set<PosixFilePermission> permissions, String group) {
      this.socketPermissions = permissions;
      this.socketGroup = group;
      return this;
    }

    public Builder tcp(String host, int port) {
      this.tcpHost = host;
      this.tcpPort = port;
      return this;
    }

    public Builder threads(int numThreads) {
      this.numThreads = numThreads;
      return this;
    }

    public Builder statsFile(Optional<Path> statsFile) {
      this.statsFile = statsFile;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder queue(QueueConfig queue) {
      this.queue = queue;
      return this;
    }

    public Builder mapnik(MapnikConfig mapnik) {
      this.mapnik = mapnik;
      return this;
    }

    public Builder metricsPort(int metricsPort) {
      this.metricsPort = metricsPort;
      return this;
    }

    public Builder cluster(Optional<ClusterConfig> cluster) {
      this.cluster = cluster;
      return this;
    }

    public Builder slaves(List<SlaveConfig> slaves) {
      this.slaves = slaves;
      return this;
    }

    /** @throws IllegalArgumentException a setting is out of range, or nothing to listen on */
    public RenderdConfig build() {
      return new RenderdConfig(socket, socketPermissions, socketGroup, tcpHost, tcpPort, numThreads, statsFile,
          maxConnections, queue, mapnik, metricsPort, cluster, slaves, maps);
    }
  }
}
