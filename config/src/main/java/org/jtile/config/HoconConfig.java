package org.jtile.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads jtile's own renderd configuration (HOCON, under {@code jtile.renderd}) over the defaults in
 * {@code reference.conf}. Errors name the file and the key path; unknown keys are reported to {@code
 * warn} so a typo does not go unnoticed.
 */
public final class HoconConfig {
  private static final String ROOT = "jtile.renderd";
  private static final Set<String> MAP_KEYS =
      Set.of("xml", "uri", "tile_dir", "host", "htcp_host", "tile_size", "scale", "min_zoom", "max_zoom",
          "type", "parameterize_style", "renderer", "test_delay_ms");

  private HoconConfig() {}

  public static RenderdConfig read(Path file, Consumer<String> warn) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Config file '" + file + "' does not exist, please specify a valid file",
          ConfigException.MISSING);
    }
    String key = ROOT;
    try {
      Config reference = ConfigFactory.defaultReference().getConfig(ROOT);
      Config user = ConfigFactory.parseFile(file.toFile()).resolve();
      Config c = user.hasPath(ROOT) ? user.getConfig(ROOT).withFallback(reference) : reference;
      warnUnknown(user, reference, warn);

      List<MapConfig> maps = new ArrayList<>();
      ConfigObject mapObjects = c.getObject("maps");
      for (String name : new java.util.TreeSet<>(mapObjects.keySet())) {
        key = ROOT + ".maps." + name;
        Config m = c.getConfig("maps." + quote(name));
        for (String k : m.root().keySet()) {
          if (!MAP_KEYS.contains(k)) {
            warn.accept("unknown key " + key + "." + k + " in " + file);
          }
        }
        String xml = string(m, "xml", "");
        maps.add(
            new MapConfig(
                name,
                string(m, "uri", "/" + name + "/"),
                xml,
                string(m, "tile_dir", c.getString("tile_dir")),
                string(m, "host", ""),
                string(m, "htcp_host", ""),
                m.hasPath("tile_size") ? m.getInt("tile_size") : 256,
                m.hasPath("scale") ? m.getDouble("scale") : 1.0,
                m.hasPath("min_zoom") ? m.getInt("min_zoom") : 0,
                m.hasPath("max_zoom") ? m.getInt("max_zoom") : 20,
                m.hasPath("type") ? OutputType.parse(m.getString("type")) : OutputType.DEFAULT,
                string(m, "parameterize_style", ""),
                string(m, "renderer", "mapnik"),
                m.hasPath("test_delay_ms") ? Map.of("delay_ms", m.getString("test_delay_ms")) : Map.of()));
      }
      key = ROOT;
      String socket = c.getString("socket");
      String stats = c.getString("stats_file");
      return new RenderdConfig(
          socket.isEmpty() ? Optional.empty() : Optional.of(Path.of(socket)),
          RenderdConfig.parseMode(c.getString("socket_mode")),
          c.getString("socket_group"),
          c.getString("tcp_host"),
          c.getInt("tcp_port"),
          RenderdConfig.threads(c.getInt("num_threads")),
          stats.isEmpty() ? Optional.empty() : Optional.of(Path.of(stats)),
          c.getInt("max_connections"),
          new QueueConfig(
              c.getInt("queue.request_limit"), c.getInt("queue.dirty_limit"), c.getDouble("queue.lower_class_share")),
          new MapnikConfig(
              Path.of(c.getString("mapnik.plugins_dir")),
              Path.of(c.getString("mapnik.font_dir")),
              c.getBoolean("mapnik.font_dir_recurse")),
          c.getInt("metrics_port"),
          maps);
    } catch (com.typesafe.config.ConfigException e) {
      // Typesafe's message already names the file, the line and the key
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Config file '" + file + "' " + key + ": " + e.getMessage(), ConfigException.INVALID);
    }
  }

  private static void warnUnknown(Config user, Config reference, Consumer<String> warn) {
    if (!user.hasPath(ROOT)) {
      warn.accept("no " + ROOT + " section: running on defaults");
      return;
    }
    for (Map.Entry<String, ?> e : user.getConfig(ROOT).entrySet()) {
      String path = e.getKey();
      if (!path.startsWith("maps.") && !reference.hasPath(path)) {
        warn.accept("unknown key " + ROOT + "." + path);
      }
    }
  }

  private static String string(Config c, String key, String fallback) {
    return c.hasPath(key) ? c.getString(key) : fallback;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\\\"") + "\"";
  }
}
