package org.jtile.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jtile.metatile.TileCoord;

/**
 * Reads jtile's own renderd configuration (HOCON, under {@code jtile.renderd}) over the defaults in
 * {@code reference.conf}, as {@link HoconSection} loads both daemons' files: errors name the file and
 * the key path; unknown keys are reported to {@code warn} so a typo does not go unnoticed.
 */
final class HoconConfig {
  private static final String ROOT = "jtile.renderd";
  private static final Set<String> MAP_KEYS =
      Set.of("xml", "uri", "tile_dir", "host", "htcp_host", "tile_size", "scale", "min_zoom", "max_zoom",
          "type", "parameterize_style", "renderer", "test_delay_ms");

  private HoconConfig() {}

  public static RenderdConfig read(Path file, Consumer<String> warn) throws ConfigException {
    HoconSection c = HoconSection.load(file, ROOT, Set.of("maps"), warn);
    String tileDir = c.value("tile_dir", () -> c.string("tile_dir"));
    List<MapConfig> maps = new ArrayList<>();
    for (String name : c.names("maps")) {
      Map<String, Object> defaults = new HashMap<>();
      defaults.put("uri", "/" + name + "/");
      defaults.put("xml", "");
      defaults.put("tile_dir", tileDir);
      defaults.put("host", "");
      defaults.put("htcp_host", "");
      defaults.put("tile_size", MapConfig.DEFAULT_TILE_SIZE);
      defaults.put("scale", MapConfig.DEFAULT_SCALE);
      defaults.put("min_zoom", 0);
      defaults.put("max_zoom", TileCoord.MAX_ZOOM);
      defaults.put("parameterize_style", "");
      defaults.put("renderer", "mapnik");
      HoconSection m = c.named("maps", name, defaults, MAP_KEYS, warn);
      maps.add(m.value("", () -> MapConfig.builder(name)
          .uri(m.string("uri"))
          .xml(m.string("xml"))
          .tileDir(m.string("tile_dir"))
          .host(m.string("host"))
          .htcpHost(m.string("htcp_host"))
          .tileSize(m.integer("tile_size"))
          .scale(m.decimal("scale"))
          .zooms(m.integer("min_zoom"), m.integer("max_zoom"))
          .type(m.userSet("type") ? OutputType.parse(m.string("type")) : OutputType.DEFAULT)
          .parameterize(m.string("parameterize_style"))
          .renderer(m.string("renderer"),
              m.userSet("test_delay_ms") ? Map.of("delay_ms", m.string("test_delay_ms")) : Map.of())
          .build()));
    }
    Optional<ClusterConfig> cluster = c.value("cluster", () -> {
      // every key read, so a wrong type is reported even while the farm is off
      String redis = c.string("cluster.redis");
      String host = c.string("cluster.host");
      java.time.Duration lease = c.duration("cluster.lease");
      String prefix = c.string("cluster.key_prefix");
      boolean fallback = c.bool("cluster.local_fallback");
      return redis.isEmpty() ? Optional.empty()
          : Optional.of(new ClusterConfig(redis, host.isEmpty() ? ClusterConfig.localHostName() : host, lease,
              prefix, fallback));
    });
    return c.value("", () -> {
      String socket = c.string("socket");
      String stats = c.string("stats_file");
      return RenderdConfig.builder(maps)
          .socket(socket.isEmpty() ? Optional.empty() : Optional.of(Path.of(socket)))
          .socketMode(RenderdConfig.parseMode(c.string("socket_mode")), c.string("socket_group"))
          .tcp(c.string("tcp_host"), c.integer("tcp_port"))
          .threads(RenderdConfig.threads(c.integer("num_threads")))
          .statsFile(stats.isEmpty() ? Optional.empty() : Optional.of(Path.of(stats)))
          .maxConnections(c.integer("max_connections"))
          .queue(new QueueConfig(c.integer("queue.request_limit"), c.integer("queue.dirty_limit"),
              c.decimal("queue.lower_class_share")))
          .mapnik(new MapnikConfig(Path.of(c.string("mapnik.plugins_dir")), Path.of(c.string("mapnik.font_dir")),
              c.bool("mapnik.font_dir_recurse")))
          .metricsPort(c.integer("metrics_port"))
          .cluster(cluster)
          .build();
    });
  }
}
