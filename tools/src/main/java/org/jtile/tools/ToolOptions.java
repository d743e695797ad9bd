package org.jtile.tools;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jtile.config.ConfigException;
import org.jtile.config.Defaults;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.metatile.TileCoord;
import org.jtile.protocol.RenderdAddress;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import picocli.CommandLine.Option;

/**
 * The options every tool shares, with mod_tile's names, short forms and defaults; {@code --config} (a
 * classic renderd.conf or jtile's HOCON) fills in what the command line leaves out, as mod_tile's tools
 * do: the map's zooms and tile directory, renderd's thread count and socket.
 */
final class ToolOptions {
  /**
   * The widest {@code -n}: a renderd queues a few hundred bulk requests (mod_tile 256, jtile's as configured)
   * and answers more at once with NotDone, so a wider window buys nothing and costs its memory up front.
   */
  static final int MAX_IN_FLIGHT = 1 << 16;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "renderd's configuration: jtile's HOCON or "
      + "a classic mod_tile renderd.conf, told apart by content; the map's zooms and tile directory, the socket "
      + "and the thread count are taken from it")
  Path config;

  @Option(names = {"-m", "--map"}, paramLabel = "MAP", description = "render tiles in this map (default: default)")
  String map;

  @Option(names = {"-s", "--socket"}, paramLabel = "SOCKET",
      description = "renderd's Unix socket path, or host[:port] (default: /run/renderd/renderd.sock)")
  String socket;

  @Option(names = {"-t", "--tile-dir"}, paramLabel = "DIR",
      description = "tile cache directory (default: /var/cache/renderd/tiles)")
  String tileDir;

  @Option(names = {"-n", "--num-threads"}, paramLabel = "N", description = "requests in flight at once, on one connection (default: 1)")
  Integer threads;

  @Option(names = {"-l", "--max-load"}, paramLabel = "LOAD",
      description = "wait while jtile's renderd has this many jobs waiting ahead of bulk ones, or with mod_tile's "
          + "renderd while the host's load average is this high (default: 16)")
  Double maxLoad;

  @Option(names = {"-z", "--min-zoom"}, paramLabel = "ZOOM", description = "lowest zoom to work on (default: 0)")
  Integer minZoom;

  @Option(names = {"-Z", "--max-zoom"}, paramLabel = "ZOOM", description = "highest zoom to work on (default: 20)")
  Integer maxZoom;

  @Option(names = {"-v", "--verbose"}, description = "report every bad input line and skipped metatile")
  boolean verbose;

  @Option(names = {"-N", "--no-progress"},
      description = "no progress bar on a terminal: a plain line every 10 s, as when not on one")
  boolean noProgress;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "longest wait for one render before reconnecting and asking again (default: 600)")
  int timeoutSeconds = 600;

  /** The settings a run uses, after --config and the defaults. */
  record Settings(String map, SocketAddress socket, String socketText, String tileDir, int threads, double maxLoad,
      int minZoom, int maxZoom, Duration timeout) {
    TileStore openStore() throws ToolException {
      try {
        return TileStores.open(tileDir, Clock.systemUTC());
      } catch (IllegalArgumentException e) {
        throw new ToolException("Failed to initialise storage backend " + tileDir + ": " + e.getMessage(),
            ToolException.OPTIONS);
      }
    }
  }

  Settings resolve() throws ToolException {
    String mapName = map != null ? map : "default";
    String socketText = socket;
    String dir = tileDir;
    Integer min = minZoom;
    Integer max = maxZoom;
    Integer n = threads;
    if (config != null) {
      RenderdConfig c = read(config);
      MapConfig m = c.map(mapName).orElseThrow(() -> new ToolException(
          "Map section '" + mapName + "' does not exist in config file '" + config + "'.", ToolException.OPTIONS));
      min = min != null ? min : m.minZoom();
      max = max != null ? max : m.maxZoom();
      dir = dir != null ? dir : m.tileDir();
      n = n != null ? n : c.numThreads();
      if (socketText == null) {
        socketText = c.socket().map(Path::toString).orElse(c.tcpHost() + ":" + c.tcpPort());
      }
    }
    int low = zoom("min", min != null ? min : 0);
    int high = zoom("max", max != null ? max : TileCoord.MAX_ZOOM);
    if (low > high) {
      throw new ToolException("Specified min zoom (" + low + ") is larger than max zoom (" + high + ").",
          ToolException.OPTIONS);
    }
    int count = n != null ? n : 1;
    if (count < 1) {
      throw new ToolException("Invalid number of threads, must be >= 1 (" + count + " was provided)",
          ToolException.OPTIONS);
    }
    if (count > MAX_IN_FLIGHT) {
      throw new ToolException("Invalid number of threads, must be <= " + MAX_IN_FLIGHT + " (" + count
          + " was provided): more requests than renderd queues are answered NotDone", ToolException.OPTIONS);
    }
    double load = maxLoad != null ? maxLoad : 16;
    if (!(load >= 0)) {
      throw new ToolException("Invalid maximum load, must be >= 0 (" + load + " was provided)", ToolException.OPTIONS);
    }
    if (timeoutSeconds < 1) {
      throw new ToolException("Invalid timeout, must be >= 1 s (" + timeoutSeconds + " was provided)",
          ToolException.OPTIONS);
    }
    socketText = socketText != null ? socketText : Defaults.MOD_TILE_SOCKET;
    SocketAddress address;
    try {
      address = RenderdAddress.parse(socketText);
    } catch (IllegalArgumentException e) {
      throw new ToolException(e.getMessage(), ToolException.SOCKET);
    }
    return new Settings(mapName, address, socketText, storage(dir != null ? dir : Defaults.MOD_TILE_TILE_DIR), count,
        load, low, high, Duration.ofSeconds(timeoutSeconds));
  }

  /**
   * A tile directory given relative to where the tool runs, made absolute: the stores take absolute paths
   * only (mod_tile's rule, which has its tools refuse {@code -t tiles}). Other storage strings name a backend.
   */
  private static String storage(String tiles) {
    return tiles.startsWith("/") || tiles.contains(":") ? tiles : Path.of(tiles).toAbsolutePath().toString();
  }

  private static int zoom(String which, int z) throws ToolException {
    if (z < 0 || z > TileCoord.MAX_ZOOM) {
      throw new ToolException("Invalid " + which + " zoom, must be >= 0 and <= " + TileCoord.MAX_ZOOM + " (" + z
          + " was provided)", ToolException.OPTIONS);
    }
    return z;
  }

  /** A renderd.conf in either form. */
  private static RenderdConfig read(Path file) throws ToolException {
    try {
      return RenderdConfig.read(file, warning -> { });
    } catch (ConfigException e) {
      throw new ToolException(e.getMessage(), e.exitCode());
    }
  }
}
