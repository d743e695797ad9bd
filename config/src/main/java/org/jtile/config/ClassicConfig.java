package org.jtile.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jtile.metatile.TileCoord;

/**
 * Reads a classic mod_tile {@code renderd.conf}, so an existing installation runs unchanged: the
 * {@code [renderd]} (or {@code [renderd0]}) section, {@code [mapnik]} and one section per map, with
 * mod_tile's defaults, validation and messages.
 *
 * <p>jtile reads keys C renderd does not know and ignores: {@code socket_mode}, {@code socket_group},
 * {@code max_connections}, {@code metrics_port}, {@code request_limit}, {@code dirty_limit}, {@code
 * lower_class_share} and the {@code cluster_*} keys ({@link ClusterConfig}) in {@code [renderd]}; {@code renderer} and {@code test_delay_ms} in a map
 * section. So one file can serve both daemons.
 */
final class ClassicConfig {
  static final int MAX_MAPS = 100;
  /** reference.conf's {@code cluster.lease}. */
  private static final int DEFAULT_LEASE_SECONDS = 30;

  private ClassicConfig() {}

  public static RenderdConfig read(Path file) throws ConfigException {
    if (!Files.exists(file)) {
      throw new ConfigException(
          "Config file '" + file + "' does not exist, please specify a valid file", ConfigException.MISSING);
    }
    IniFile ini = IniFile.read(file);
    Map<Integer, String> renderdSections = new HashMap<>();
    Map<String, String> mapnik = null;
    List<String> mapSections = new ArrayList<>();
    for (String name : ini.sections.keySet()) {
      if (name.startsWith("renderd")) {
        int number = renderdNumber(name, file);
        String previous = renderdSections.put(number, name);
        if (previous != null) {
          throw new ConfigException("Duplicate renderd config section names for section " + number + ": "
              + previous + " & " + name, ConfigException.INVALID);
        }
      } else if (IniFile.isMapSection(name)) {
        mapSections.add(name);
      } else {
        mapnik = ini.sections.get(name);
      }
    }
    if (renderdSections.isEmpty()) {
      throw new ConfigException("No renderd config sections were found in file: " + file, ConfigException.MISSING);
    }
    if (!renderdSections.containsKey(0)) {
      throw new ConfigException("Active renderd section (0) does not exist.", ConfigException.MISSING);
    }
    if (mapnik == null) {
      throw new ConfigException("No mapnik config section was found in file: " + file, ConfigException.MISSING);
    }
    if (mapSections.isEmpty()) {
      throw new ConfigException("No map config sections were found in file: " + file, ConfigException.MISSING);
    }
    if (mapSections.size() > MAX_MAPS) {
      throw new ConfigException("Can't handle more than " + MAX_MAPS + " map config sections", ConfigException.INVALID);
    }
    IniSection renderd = new IniSection(file, renderdSections.get(0), ini.sections.get(renderdSections.get(0)));
    String tileDir = renderd.string("tile_dir", Defaults.MOD_TILE_TILE_DIR);
    List<MapConfig> maps = new ArrayList<>();
    for (String name : mapSections) {
      maps.add(map(new IniSection(file, name, ini.sections.get(name)), tileDir));
    }
    IniSection mapnikSection = new IniSection(file, "mapnik", mapnik);
    List<SlaveConfig> slaves = new ArrayList<>();
    for (int n = 1; n < 5; n++) {
      if (renderdSections.containsKey(n)) {
        IniSection s = new IniSection(file, renderdSections.get(n), ini.sections.get(renderdSections.get(n)));
        SlaveConfig slave = slave(s);
        if (slave != null) {
          slaves.add(slave);
        }
      }
    }
    return renderd.build(
        () -> {
          int port = renderd.integer("ipport", 0);
          Optional<Path> socket =
              port > 0 ? Optional.empty() : Optional.of(Path.of(renderd.string("socketname", Defaults.MOD_TILE_SOCKET)));
          String stats = renderd.string("stats_file", "");
          QueueConfig q = QueueConfig.DEFAULT;
          return RenderdConfig.builder(maps)
              .socket(socket)
              .socketMode(RenderdConfig.parseMode(renderd.string("socket_mode", "0660")),
                  renderd.string("socket_group", ""))
              .tcp("::", port)
              .threads(RenderdConfig.threads(renderd.integer("num_threads", 4)))
              .statsFile(stats.isEmpty() ? Optional.empty() : Optional.of(Path.of(stats)))
              .maxConnections(renderd.integer("max_connections", 4096))
              .queue(new QueueConfig(
                  renderd.integer("request_limit", q.requestLimit()),
                  renderd.integer("dirty_limit", q.dirtyLimit()),
                  renderd.decimal("lower_class_share", q.lowerClassShare())))
              .mapnik(new MapnikConfig(
                  Path.of(mapnikSection.string("plugins_dir", MapnikConfig.DEBIAN.pluginsDir().toString())),
                  Path.of(mapnikSection.string("font_dir", MapnikConfig.DEBIAN.fontDir().toString())),
                  mapnikSection.bool("font_dir_recurse", false)))
              .metricsPort(renderd.integer("metrics_port", 0))
              .cluster(cluster(renderd))
              .slaves(slaves)
              .build();
        });
  }

  /**
   * A {@code [renderdN]} section as the master reads it: its TCP address when it has an {@code ipport}, else
   * its socket; null when its {@code num_threads} is 0 (mod_tile: the section does not exist).
   */
  private static SlaveConfig slave(IniSection s) throws ConfigException {
    return s.build(() -> {
      int threads = RenderdConfig.threads(s.integer("num_threads", 4));
      if (threads == 0) {
        return null;
      }
      int port = s.integer("ipport", 0);
      String host = s.string("iphostname", "");
      String address = port > 0 ? (host.isEmpty() ? "localhost" : host.contains(":") ? "[" + host + "]" : host)
          + ":" + port : s.string("socketname", Defaults.MOD_TILE_SOCKET);
      return new SlaveConfig(s.name(), address, threads);
    });
  }

  /** The {@code cluster_*} keys: {@code cluster_redis} turns the farm on; the lease is in seconds. */
  private static Optional<ClusterConfig> cluster(IniSection renderd) {
    String redis = renderd.string("cluster_redis", "");
    if (redis.isEmpty()) {
      return Optional.empty();
    }
    String host = renderd.string("cluster_host", "");
    return Optional.of(new ClusterConfig(redis, host.isEmpty() ? ClusterConfig.localHostName() : host,
        java.time.Duration.ofSeconds(renderd.integer("cluster_lease", DEFAULT_LEASE_SECONDS)),
        renderd.string("cluster_key_prefix", "jtile"), renderd.bool("cluster_local_fallback", true)));
  }

  private static MapConfig map(IniSection s, String defaultTileDir) throws ConfigException {
    return s.build(
        () -> {
          String type = s.string("type", "");
          return MapConfig.builder(s.name())
              .uri(s.string("uri", ""))
              .xml(s.string("xml", ""))
              .tileDir(s.string("tiledir", defaultTileDir))
              .host(s.string("host", ""))
              .htcpHost(s.string("htcphost", ""))
              .tileSize(s.integer("tilesize", MapConfig.DEFAULT_TILE_SIZE))
              .scale(s.decimal("scale", MapConfig.DEFAULT_SCALE))
              .zooms(s.integer("minzoom", 0), s.integer("maxzoom", TileCoord.MAX_ZOOM))
              .type(type.isEmpty() ? OutputType.DEFAULT : OutputType.parse(type))
              .parameterize(s.string("parameterize_style", ""))
              .renderer(s.string("renderer", "mapnik"),
                  s.has("test_delay_ms") ? Map.of("delay_ms", s.string("test_delay_ms", "0")) : Map.of())
              .build();
        });
  }

  private static int renderdNumber(String name, Path file) throws ConfigException {
    String suffix = name.substring("renderd".length());
    if (suffix.isEmpty()) {
      return 0;
    }
    int number;
    try {
      number = Integer.parseInt(suffix);
    } catch (NumberFormatException e) {
      throw new ConfigException("Invalid renderd section name: " + name, ConfigException.INVALID);
    }
    if (number >= 5 || number < 0) {
      throw new ConfigException("Can't handle more than 5 renderd config sections", ConfigException.INVALID);
    }
    return number;
  }
}
