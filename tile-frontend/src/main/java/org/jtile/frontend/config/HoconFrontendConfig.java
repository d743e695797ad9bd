package org.jtile.frontend.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jtile.config.ConfigException;
import org.jtile.config.OutputType;
import org.jtile.frontend.cache.CacheConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.render.RenderPolicy;
import org.jtile.protocol.RenderdAddress;
import org.jtile.frontend.throttle.Cidr;
import org.jtile.frontend.throttle.ThrottleConfig;

/**
 * Reads the frontend's configuration (HOCON, under {@code jtile.frontend}) over the defaults in {@code
 * reference.conf}, plus the layers of a classic renderd.conf when one is named. The one place that
 * parses it: every error is one line naming the file, the key, the bad value and the rule; unknown keys
 * are reported to {@code warn}.
 */
public final class HoconFrontendConfig {
  private static final String ROOT = "jtile.frontend";
  private static final Map<String, Object> LAYER_DEFAULTS = Map.of("type", "png image/png", "min_zoom", 0,
      "max_zoom", 20, "parameterize_style", "", "description", "", "attribution", "", "cors", "", "server_alias", "");
  private static final Set<String> LAYER_KEYS = Set.of("uri", "style", "type", "min_zoom", "max_zoom", "tile_dir",
      "parameterize_style", "description", "attribution", "cors", "server_alias");

  private final Path file;
  /** The keys' path in messages: {@code jtile.frontend}, or a layer's. */
  private final String prefix;
  /** The user's settings over the defaults. */
  private final Config c;
  /** The user's settings alone. */
  private final Config user;

  private HoconFrontendConfig(Path file, String prefix, Config c, Config user) {
    this.file = file;
    this.prefix = prefix;
    this.c = c;
    this.user = user;
  }

  /**
   * @param file the HOCON file, or null for the defaults alone
   * @param renderdConf a classic renderd.conf whose map sections become layers (overrides {@code
   *     renderd_conf}), or null
   */
  public static FrontendConfig read(Path file, Path renderdConf, Consumer<String> warn) throws ConfigException {
    Config reference = ConfigFactory.defaultReference().getConfig(ROOT);
    Config own = ConfigFactory.empty();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("Config file '" + file + "' does not exist, please specify a valid file",
            ConfigException.MISSING);
      }
      try {
        Config user = ConfigFactory.parseFile(file.toFile()).resolve();
        if (!user.hasPath(ROOT)) {
          warn.accept("Config file '" + file + "' has no " + ROOT + " section: running on defaults");
        } else {
          own = user.getConfig(ROOT);
          for (Map.Entry<String, ?> e : user.getConfig(ROOT).entrySet()) {
            if (!e.getKey().startsWith("layers.") && !reference.hasPath(e.getKey())) {
              warn.accept("Config file '" + file + "': unknown key " + ROOT + "." + e.getKey());
            }
          }
        }
      } catch (com.typesafe.config.ConfigException e) {
        // Typesafe's message names the file, the line and the problem
        throw new ConfigException(e.getMessage(), ConfigException.INVALID);
      }
    }
    return new HoconFrontendConfig(file, ROOT, own.withFallback(reference), own).build(renderdConf, warn);
  }

  private FrontendConfig build(Path renderdConf, Consumer<String> warn) throws ConfigException {
    String tileDir = value("tile_dir", () -> string("tile_dir"));
    List<Layer> layers = layers(tileDir, warn);
    Optional<String> socket = Optional.of(value("render.socket", () -> string("render.socket"))).filter(s -> !s.isEmpty());
    String named = value("renderd_conf", () -> string("renderd_conf"));
    Path classic = renderdConf != null ? renderdConf : named.isEmpty() ? null : Path.of(named);
    if (classic != null) {
      ClassicLayers.Result result = ClassicLayers.read(classic, tileDir, warn);
      layers.addAll(result.layers());
      if (!user.hasPath("render.socket")) {
        // one file for both daemons: the frontend asks the renderd that file configures
        socket = result.renderdSocket();
      }
    }
    if (layers.isEmpty()) {
      throw new ConfigException("no layers: give " + ROOT + ".layers, " + ROOT + ".renderd_conf or --renderd-conf"
          + (file == null ? "" : " (config file '" + file + "')"), ConfigException.MISSING);
    }
    String address = socket.orElse("");
    Optional<SocketAddress> renderd = address.isEmpty() ? Optional.empty()
        : Optional.of(value("render.socket", () -> RenderdAddress.parse(address)));
    return new FrontendConfig(http(), renderd, render(), tiles(), cache(), throttle(), layers);
  }

  private HttpSettings http() throws ConfigException {
    return value("http", () -> {
      String unix = string("http.unix_socket");
      return new HttpSettings(string("http.host"), integer("http.port", 0, 65535),
          unix.isEmpty() ? Optional.empty() : Optional.of(Path.of(unix)), integer("http.max_threads", 8, 10_000),
          string("http.access_log"), duration("http.stop_timeout"));
    });
  }

  private RenderPolicy render() throws ConfigException {
    return value("render", () -> new RenderPolicy(duration("render.missing_timeout"), duration("render.stale_timeout"),
        integer("render.busy_old", 0, 100_000), integer("render.busy_missing", 0, 100_000),
        integer("render.max_waiting", 1, 10_000), integer("render.client_in_flight", 1, 10_000),
        bool("render.bulk_mode")));
  }

  private TileSettings tiles() throws ConfigException {
    return value("tiles", () -> new TileSettings(bool("tiles.status_url"), bool("tiles.dirty_url"),
        duration("tiles.very_old_threshold"), bytes("tiles.hot_cache_size"), duration("tiles.revalidate"),
        bool("tiles.stats")));
  }

  private CacheConfig cache() throws ConfigException {
    return value("cache", () -> new CacheConfig(seconds("cache.max"), seconds("cache.dirty"), seconds("cache.minimum"),
        integer("cache.medium_zoom", 0, 30), seconds("cache.medium"), integer("cache.low_zoom", 0, 30),
        seconds("cache.low"), decimal("cache.last_modified_factor", 0), string("cache.extended_host"),
        seconds("cache.extended"), seconds("cache.stale_while_revalidate")));
  }

  private ThrottleConfig throttle() throws ConfigException {
    return value("throttle", () -> new ThrottleConfig(bool("throttle.enabled"),
        integer("throttle.tile_burst", 1, Integer.MAX_VALUE), positive("throttle.tiles_per_second"),
        integer("throttle.render_burst", 1, Integer.MAX_VALUE), positive("throttle.renders_per_second"),
        cidrs("throttle.trusted_proxies"), cidrs("throttle.allow_list"),
        integer("throttle.max_clients", 1, 10_000_000), oneOf("throttle.denied_status", 429, 503)));
  }

  /** HOCON objects have no order, so layers are matched longest URI first: order-independent. */
  private List<Layer> layers(String tileDir, Consumer<String> warn) throws ConfigException {
    List<Layer> layers = new ArrayList<>();
    ConfigObject objects = object("layers");
    for (String name : objects.keySet()) {
      String key = "layers.\"" + name.replace("\"", "\\\"") + "\"";
      Config l = object(key).toConfig();
      for (String k : l.root().keySet()) {
        if (!LAYER_KEYS.contains(k)) {
          warn.accept("Config file '" + file + "': unknown key " + ROOT + ".layers." + name + "." + k);
        }
      }
      Map<String, Object> defaults = new HashMap<>(LAYER_DEFAULTS);
      defaults.put("uri", "/" + name + "/");
      defaults.put("style", name);
      defaults.put("tile_dir", tileDir);
      HoconFrontendConfig layer = new HoconFrontendConfig(file, ROOT + ".layers." + name,
          l.withFallback(ConfigFactory.parseMap(defaults)), l);
      layers.add(layer.value("", () -> {
        OutputType type = OutputType.parse(layer.string("type"));
        return new Layer(layer.string("uri"), layer.string("style"), type.extension(), type.mimeType(),
            layer.integer("min_zoom", 0, 30), layer.integer("max_zoom", 0, 30), layer.string("tile_dir"),
            !layer.string("parameterize_style").isEmpty(), layer.string("description"), layer.string("attribution"),
            layer.string("cors"), layer.string("server_alias"));
      }));
    }
    layers.sort(Comparator.comparing((Layer l) -> -l.uri().length()).thenComparing(Layer::style));
    return layers;
  }

  // Typed getters: a wrong type or range is one line with the file, key, value and rule.

  private <T> T value(String key, Supplier<T> read) throws ConfigException {
    try {
      return read.get();
    } catch (BadValue e) {
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    } catch (com.typesafe.config.ConfigException e) {
      // Typesafe's message names the file, the line and the key below the prefix
      throw new ConfigException(e.getMessage() + " (in " + prefix + ")", ConfigException.INVALID);
    } catch (IllegalArgumentException e) {
      String path = key.isEmpty() ? prefix : prefix + "." + key;
      throw new ConfigException(where() + path + ": " + e.getMessage(), ConfigException.INVALID);
    }
  }

  private String where() {
    return file == null ? "" : "Config file '" + file + "' ";
  }

  private ConfigObject object(String key) throws ConfigException {
    return value(key, () -> c.getObject(key));
  }

  private String string(String key) {
    return c.getString(key);
  }

  private boolean bool(String key) {
    return c.getBoolean(key);
  }

  private int integer(String key, int min, int max) {
    int v = c.getInt(key);
    if (v < min || v > max) {
      throw bad(key, v, "must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  private int oneOf(String key, int a, int b) {
    int v = c.getInt(key);
    if (v != a && v != b) {
      throw bad(key, v, "must be " + a + " or " + b);
    }
    return v;
  }

  private double decimal(String key, double min) {
    double v = c.getDouble(key);
    if (!(v >= min)) {
      throw bad(key, c.getValue(key).unwrapped(), "must be >= " + min);
    }
    return v;
  }

  private double positive(String key) {
    double v = c.getDouble(key);
    if (!(v > 0)) {
      throw bad(key, c.getValue(key).unwrapped(), "must be > 0");
    }
    return v;
  }

  private Duration duration(String key) {
    Duration v = c.getDuration(key);
    if (v.isNegative()) {
      throw bad(key, c.getValue(key).unwrapped(), "must be >= 0");
    }
    return v;
  }

  private int seconds(String key) {
    long s = duration(key).getSeconds();
    if (s > Integer.MAX_VALUE) {
      throw bad(key, c.getValue(key).unwrapped(), "must be at most " + Integer.MAX_VALUE + " s");
    }
    return (int) s;
  }

  private long bytes(String key) {
    long v = c.getBytes(key);
    if (v < 0) {
      throw bad(key, v, "must be >= 0");
    }
    return v;
  }

  private List<Cidr> cidrs(String key) {
    List<Cidr> blocks = new ArrayList<>();
    for (String text : c.getStringList(key)) {
      try {
        blocks.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw bad(key, text, "must be an address or address/prefix");
      }
    }
    return blocks;
  }

  private BadValue bad(String key, Object value, String rule) {
    return new BadValue(where() + prefix + "." + key + " = " + value + ": " + rule);
  }

  /** A value of the right type breaking a rule; its message is complete. */
  private static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1;

    BadValue(String message) {
      super(message);
    }
  }
}
