package org.jtile.frontend.config;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
import org.jtile.config.ConfigException;
import org.jtile.config.HoconSection;
import org.jtile.config.OutputType;
import org.jtile.frontend.admin.AdminConfig;
import org.jtile.frontend.cachecontrol.CacheConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.PopularityConfig;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.throttle.Cidr;
import org.jtile.frontend.throttle.ThrottleConfig;
import org.jtile.protocol.RenderdAddress;

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

  private final HoconSection c;

  private HoconFrontendConfig(HoconSection c) {
    this.c = c;
  }

  /**
   * @param file the HOCON file, or null for the defaults alone
   * @param renderdConf a classic renderd.conf whose map sections become layers (overrides {@code
   *     renderd_conf}), or null
   */
  public static FrontendConfig read(Path file, Path renderdConf, Consumer<String> warn) throws ConfigException {
    return new HoconFrontendConfig(HoconSection.load(file, ROOT, Set.of("layers"), warn))
        .build(file, renderdConf, warn);
  }

  private FrontendConfig build(Path file, Path renderdConf, Consumer<String> warn) throws ConfigException {
    String tileDir = c.value("tile_dir", () -> c.string("tile_dir"));
    List<Layer> layers = layers(tileDir, warn);
    Optional<String> socket = Optional.of(c.value("render.socket", () -> c.string("render.socket")))
        .filter(s -> !s.isEmpty());
    String named = c.value("renderd_conf", () -> c.string("renderd_conf"));
    Path classic = renderdConf != null ? renderdConf : named.isEmpty() ? null : Path.of(named);
    if (classic != null) {
      ClassicLayers.Result result = ClassicLayers.read(classic, tileDir, warn);
      layers.addAll(result.layers());
      if (!c.userSet("render.socket")) {
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
        : Optional.of(c.value("render.socket", () -> RenderdAddress.parse(address)));
    HttpSettings http = http();
    return new FrontendConfig(http, renderd, render(), tiles(), cache(), throttle(), admin(), popularity(http),
        layers);
  }

  private HttpSettings http() throws ConfigException {
    Http2Settings http2 = c.value("http.http2", () -> new Http2Settings(c.bool("http.http2.over_tls"),
        c.bool("http.http2.cleartext"), c.integer("http.http2.max_concurrent_streams", 1, 100_000),
        c.integer("http.http2.max_resets_per_second", 1, 1_000_000)));
    Optional<TlsSettings> https = https();
    return c.value("http", () -> {
      String unix = c.string("http.unix_socket");
      long headers = c.bytes("http.max_header_size");
      if (headers < 1024 || headers > 1 << 20) {
        throw c.bad("http.max_header_size", headers, "must be in [1KiB, 1MiB]");
      }
      return new HttpSettings(c.string("http.host"), c.integer("http.port", 0, 65535),
          unix.isEmpty() ? Optional.empty() : Optional.of(Path.of(unix)), c.integer("http.max_threads", 8, 10_000),
          c.integer("http.accept_queue", 1, 65_535), c.integer("http.selectors", 0, 64), (int) headers, c.string("http.access_log"),
          c.duration("http.stop_timeout"), c.duration("http.warm_up"), http2, https);
    });
  }

  private Optional<TlsSettings> https() throws ConfigException {
    return c.value("https", () -> {
      Optional<Path> certificate = path("https.certificate");
      Optional<Path> privateKey = path("https.private_key");
      Optional<Path> keystore = path("https.keystore");
      int port = c.integer("https.port", 0, 65535);
      String password = c.string("https.password");
      if (certificate.isEmpty() && privateKey.isEmpty() && keystore.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new TlsSettings(port, certificate, privateKey, keystore, password));
    });
  }

  private Optional<Path> path(String key) {
    String value = c.string(key);
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  private RenderPolicy render() throws ConfigException {
    return c.value("render", () -> new RenderPolicy(c.duration("render.missing_timeout"), c.duration("render.stale_timeout"),
        c.integer("render.busy_old", 0, 100_000), c.integer("render.busy_missing", 0, 100_000),
        c.integer("render.max_waiting", 1, 10_000), c.integer("render.client_in_flight", 1, 10_000),
        c.bool("render.bulk_mode")));
  }

  private TileSettings tiles() throws ConfigException {
    return c.value("tiles", () -> new TileSettings(c.bool("tiles.status_url"), c.bool("tiles.dirty_url"),
        c.duration("tiles.very_old_threshold"), c.bytes("tiles.hot_cache_size"), c.duration("tiles.revalidate"),
        c.bool("tiles.stats")));
  }

  private CacheConfig cache() throws ConfigException {
    return c.value("cache", () -> new CacheConfig(c.seconds("cache.max"), c.seconds("cache.dirty"), c.seconds("cache.minimum"),
        c.integer("cache.medium_zoom", 0, 30), c.seconds("cache.medium"), c.integer("cache.low_zoom", 0, 30),
        c.seconds("cache.low"), c.decimal("cache.last_modified_factor", 0), c.string("cache.extended_host"),
        c.seconds("cache.extended"), c.seconds("cache.stale_while_revalidate")));
  }

  private ThrottleConfig throttle() throws ConfigException {
    return c.value("throttle", () -> new ThrottleConfig(c.bool("throttle.enabled"),
        c.integer("throttle.tile_burst", 1, Integer.MAX_VALUE), c.positive("throttle.tiles_per_second"),
        c.integer("throttle.render_burst", 1, Integer.MAX_VALUE), c.positive("throttle.renders_per_second"),
        cidrs("throttle.trusted_proxies"), cidrs("throttle.allow_list"),
        c.integer("throttle.max_clients", 1, 10_000_000), c.oneOf("throttle.denied_status", 429, 503)));
  }

  private AdminConfig admin() throws ConfigException {
    return c.value("admin", () -> {
      String metrics = c.string("admin.renderd_metrics");
      return new AdminConfig(c.bool("admin.enabled"), cidrs("admin.allow"),
          metrics.isEmpty() ? Optional.empty() : Optional.of(URI.create(metrics)), c.duration("admin.sample_interval"));
    });
  }

  private PopularityConfig popularity(HttpSettings http) throws ConfigException {
    return c.value("popularity", () -> {
      String directory = c.string("popularity.directory");
      String name = c.string("popularity.name");
      if (name.isEmpty()) {
        name = hostName() + "-" + http.port();
      } else if (!name.matches("[A-Za-z0-9._-]+")) {
        throw c.bad("popularity.name", name, "must be letters, digits, '.', '_' or '-'");
      }
      long metatiles = c.integer("popularity.metatiles", 1024, 1 << 30);
      return new PopularityConfig(c.bool("popularity.enabled"),
          directory.isEmpty() ? Optional.empty() : Optional.of(Path.of(directory)), name, metatiles,
          c.integer("popularity.top", 16, 10_000_000), positiveDuration("popularity.half_life"),
          positiveDuration("popularity.save_interval"), c.bool("popularity.refresh.enabled"),
          share(), c.integer("popularity.refresh.in_flight", 1, 1000),
          positiveDuration("popularity.refresh.interval"), redis());
    });
  }

  private String redis() {
    String redis = c.string("popularity.redis");
    return redis.isEmpty() ? "" : org.jtile.config.ClusterConfig.requireRedisUri(redis);
  }

  private double share() {
    double share = c.decimal("popularity.refresh.share", 0);
    if (share <= 0 || share > 1) {
      throw c.bad("popularity.refresh.share", share, "must be in (0, 1]");
    }
    return share;
  }

  private Duration positiveDuration(String key) {
    Duration d = c.duration(key);
    if (d.isZero() || d.isNegative()) {
      throw c.bad(key, d, "must be positive");
    }
    return d;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    } catch (UnknownHostException e) {
      return "frontend";
    }
  }

  /** HOCON objects have no order, so layers are matched longest URI first: order-independent. */
  private List<Layer> layers(String tileDir, Consumer<String> warn) throws ConfigException {
    List<Layer> layers = new ArrayList<>();
    for (String name : c.names("layers")) {
      Map<String, Object> defaults = new HashMap<>(LAYER_DEFAULTS);
      defaults.put("uri", "/" + name + "/");
      defaults.put("style", name);
      defaults.put("tile_dir", tileDir);
      HoconSection layer = c.named("layers", name, defaults, LAYER_KEYS, warn);
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

  private List<Cidr> cidrs(String key) {
    List<Cidr> blocks = new ArrayList<>();
    for (String text : c.strings(key)) {
      try {
        blocks.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw c.bad(key, text, "must be an address or address/prefix");
      }
    }
    return blocks;
  }
}
