package org.jtile.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jtile.config.ConfigException;
import org.jtile.frontend.cachecontrol.CacheConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.PopularityConfig;
import org.jtile.frontend.renderd.RenderPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoconFrontendConfigTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  @Test
  void admin_offByDefault_onWithItsAllowListAndRenderdsMetrics() throws Exception {
    FrontendConfig c = read("jtile.frontend { layers.osm {} }");
    assertThat(c.admin().enabled()).isFalse();
    assertThat(c.admin().allows(java.net.InetAddress.getLoopbackAddress())).isTrue();
    assertThat(c.admin().renderdMetrics()).isEmpty();
    c = read("jtile.frontend { layers.osm {}, admin { enabled = true, allow = [\"10.1.0.0/16\"],"
        + " renderd_metrics = \"http://10.1.2.3:9101/metrics\" } }");
    assertThat(c.admin().enabled()).isTrue();
    assertThat(c.admin().allows(java.net.InetAddress.getByName("10.1.200.1"))).isTrue();
    assertThat(c.admin().allows(java.net.InetAddress.getLoopbackAddress())).isFalse();
    assertThat(c.admin().renderdMetrics()).contains(java.net.URI.create("http://10.1.2.3:9101/metrics"));
  }

  private FrontendConfig read(String text) throws Exception {
    return HoconFrontendConfig.read(Files.writeString(dir.resolve("frontend.conf"), text), null, warnings::add);
  }

  @Test
  void defaults_areModTiles() throws Exception {
    FrontendConfig c = read("jtile.frontend.layers.osm {}");
    assertThat(c.http()).isEqualTo(new HttpSettings("0.0.0.0", 8080, Optional.empty(), 200, 511, 0, 8192, "",
        Duration.ofSeconds(10), Duration.ofSeconds(3), Http2Settings.DEFAULT, Optional.empty()));
    assertThat(c.renderd()).contains(UnixDomainSocketAddress.of("/run/jtile/renderd.sock"));
    assertThat(c.render()).isEqualTo(RenderPolicy.DEFAULT);
    assertThat(c.tiles()).isEqualTo(TileSettings.DEFAULT);
    assertThat(c.cache()).isEqualTo(CacheConfig.DEFAULT);
    assertThat(c.throttle().enabled()).isFalse();
    assertThat(c.layers()).containsExactly(new Layer("/osm/", "osm", "png", "image/png", 0, 20,
        "/var/cache/jtile/tiles", false, "", "", "", ""));
    assertThat(warnings).isEmpty();
  }

  @Test
  void everySection_overridesDefaults_andLayersMatchLongestUriFirst() throws Exception {
    FrontendConfig c = read("""
        jtile.frontend {
          http { host = "127.0.0.1", port = 9000, unix_socket = "/run/jtile/http.sock", access_log = "-", selectors = 3 }
          render { socket = "renderd.example:7654", missing_timeout = 10s, stale_timeout = 500ms, busy_old = 2,
                   busy_missing = 5, max_waiting = 8, client_in_flight = 3, bulk_mode = true }
          tiles { status_url = false, hot_cache_size = 1MiB, very_old_threshold = 30d }
          cache { max = 1d, medium_zoom = 13, medium = 2d, last_modified_factor = 0.2, stale_while_revalidate = 0s }
          throttle { enabled = true, tiles_per_second = 0.5, trusted_proxies = ["10.0.0.0/8"], denied_status = 503 }
          tile_dir = "/srv/tiles"
          layers {
            osm { uri = "/tiles/", type = "webp image/webp webp", max_zoom = 19, cors = "*" }
            hot { uri = "/tiles/hot/", style = "humanitarian", parameterize_style = "language" }
          }
          typo = 1
        }
        """);
    assertThat(c.http().unixSocket()).contains(Path.of("/run/jtile/http.sock"));
    assertThat(c.http().selectorThreads()).isEqualTo(3);
    assertThat(read("jtile.frontend.layers.osm {}").http().selectorThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.renderd()).contains(InetSocketAddress.createUnresolved("renderd.example", 7654));
    assertThat(c.render())
        .isEqualTo(new RenderPolicy(Duration.ofSeconds(10), Duration.ofMillis(500), 2, 5, 8, 3, true));
    assertThat(c.tiles()).isEqualTo(new TileSettings(false, true, Duration.ofDays(30), 1 << 20, Duration.ofSeconds(1), true));
    assertThat(c.cache()).isEqualTo(new CacheConfig(86400, 900, 10800, 13, 172800, 0, 518400, 0.2, "", 0, 0));
    assertThat(c.throttle().tilesPerSecond()).isEqualTo(0.5);
    assertThat(c.throttle().deniedStatus()).isEqualTo(503);
    assertThat(c.layers()).extracting(Layer::uri).containsExactly("/tiles/hot/", "/tiles/");
    assertThat(c.layers().get(0).style()).isEqualTo("humanitarian");
    assertThat(c.layers().get(0).parameterized()).isTrue();
    assertThat(c.layers().get(1).mimeType()).isEqualTo("image/webp");
    assertThat(c.layers().get(1).tileDir()).isEqualTo("/srv/tiles");
    assertThat(warnings).containsExactly("Config file '" + dir.resolve("frontend.conf") + "': unknown key jtile.frontend.typo");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "http.port | 70000 | jtile.frontend.http.port = 70000: must be in [0, 65535]",
      "http.port | eighty | http.port has type STRING rather than NUMBER",
      "http.max_threads | 2 | jtile.frontend.http.max_threads = 2: must be in [8, 10000]",
      "http.selectors | -1 | jtile.frontend.http.selectors = -1: must be in [0, 64]",
      "http.stop_timeout | -1s | jtile.frontend.http.stop_timeout = -1s: must be >= 0",
      "http.warm_up | -2s | jtile.frontend.http.warm_up = -2s: must be >= 0",
      "render.socket | \"host:x\" | jtile.frontend.render.socket: Invalid socket port: host:x",
      "render.socket | \"host:70000\" | jtile.frontend.render.socket: Invalid socket port: host:70000",
      "render.missing_timeout | soon | Invalid value at 'render.missing_timeout': No number in duration value 'soon'",
      "render.busy_old | -1 | jtile.frontend.render.busy_old = -1: must be in [0, 100000]",
      "render.max_waiting | 0 | jtile.frontend.render.max_waiting = 0: must be in [1, 10000]",
      "render.client_in_flight | 0 | jtile.frontend.render.client_in_flight = 0: must be in [1, 10000]",
      "render.bulk_mode | maybe | render.bulk_mode has type STRING rather than BOOLEAN",
      "tiles.hot_cache_size | lots | Invalid value at 'tiles.hot_cache_size': No number in size-in-bytes value 'lots'",
      "tiles.very_old_threshold | -1d | jtile.frontend.tiles.very_old_threshold = -1d: must be >= 0",
      "tiles.revalidate | -1s | jtile.frontend.tiles.revalidate = -1s: must be >= 0",
      "cache.max | -5s | jtile.frontend.cache.max = -5s: must be >= 0",
      "cache.medium_zoom | 31 | jtile.frontend.cache.medium_zoom = 31: must be in [0, 30]",
      "cache.last_modified_factor | -0.5 | jtile.frontend.cache.last_modified_factor = -0.5: must be >= 0",
      "throttle.tiles_per_second | 0 | jtile.frontend.throttle.tiles_per_second = 0: must be > 0",
      "throttle.tile_burst | 0 | jtile.frontend.throttle.tile_burst = 0: must be in [1, 2147483647]",
      "throttle.max_clients | 0 | jtile.frontend.throttle.max_clients = 0: must be in [1, 10000000]",
      "throttle.denied_status | 404 | jtile.frontend.throttle.denied_status = 404: must be 429 or 503",
      "throttle.trusted_proxies | [\"10.0.0.0/33\"] | jtile.frontend.throttle.trusted_proxies = 10.0.0.0/33: must be an address or address/prefix",
      "admin.allow | [\"localhost\"] | jtile.frontend.admin.allow = localhost: must be an address or address/prefix",
      "http.accept_queue | 0 | jtile.frontend.http.accept_queue = 0: must be in [1, 65535]",
      "http.max_header_size | 100 | jtile.frontend.http.max_header_size = 100: must be in [1KiB, 1MiB]",
      "http.http2.max_concurrent_streams | 0 | jtile.frontend.http.http2.max_concurrent_streams = 0: must be in [1, 100000]",
      "https.certificate | /etc/ssl/fullchain.pem | jtile.frontend.https: give both certificate and private_key",
      "admin.sample_interval | 10ms | jtile.frontend.admin: sample interval must be at least 100 ms: PT0.01S",
      "popularity.refresh.share | 1.5 | jtile.frontend.popularity.refresh.share = 1.5: must be in (0, 1]",
      "popularity.refresh.share | 0 | jtile.frontend.popularity.refresh.share = 0.0: must be in (0, 1]",
      "popularity.name | \"../x\" | jtile.frontend.popularity.name = ../x: must be letters, digits",
      "popularity.redis | \"10.0.0.5\" | jtile.frontend.popularity: not a Redis URI",
      "popularity.half_life | 0s | jtile.frontend.popularity.half_life = PT0S: must be positive",
      "popularity.metatiles | 10 | jtile.frontend.popularity.metatiles = 10: must be in [1024, 1073741824]",
      "popularity.refresh.in_flight | 0 | jtile.frontend.popularity.refresh.in_flight = 0: must be in [1, 1000]",
  })
  void badValue_failsWithOneLineNamingTheKeyTheValueAndTheRule(String key, String value, String message) {
    assertThatThrownBy(() -> read("jtile.frontend { layers.osm {}, " + key + " = " + value + " }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .satisfies(e -> assertThat(((ConfigException) e).exitCode()).isEqualTo(ConfigException.INVALID));
  }

  @Test
  void popularity_onInMemoryByDefault_namedByHostAndPort() throws Exception {
    PopularityConfig off = read("jtile.frontend.layers.osm {}").popularity();
    assertThat(off.enabled()).isTrue();
    assertThat(off.file()).isEmpty();
    assertThat(off.name()).endsWith("-8080");
    PopularityConfig set = read("""
        jtile.frontend { layers.osm {}, http.port = 9000
          popularity { directory = /var/lib/jtile-frontend/popularity, name = front-1, metatiles = 10000000,
            redis = "redis://10.0.0.5:6379/0", refresh { share = 0.5, in_flight = 2, interval = 1m } } }
        """).popularity();
    assertThat(set.file()).contains(Path.of("/var/lib/jtile-frontend/popularity/front-1.pop"));
    assertThat(set.metatiles()).isEqualTo(10_000_000);
    assertThat(set.refreshShare()).isEqualTo(0.5);
    assertThat(set.inFlight()).isEqualTo(2);
    assertThat(set.refreshInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(set.redis()).isEqualTo("redis://10.0.0.5:6379/0");
    assertThat(off.redis()).isEmpty();
  }

  @Test
  void https_pemOrPkcs12_offWithoutAKey() throws Exception {
    assertThat(read("jtile.frontend.layers.osm {}").http().https()).isEmpty();
    assertThat(read("jtile.frontend { layers.osm {}, https { port = 443, certificate = /le/fullchain.pem, "
        + "private_key = /le/privkey.pem } }").http().https())
        .contains(TlsSettings.pem(443, Path.of("/le/fullchain.pem"), Path.of("/le/privkey.pem")));
    assertThat(read("jtile.frontend { layers.osm {}, https { keystore = /etc/a.p12, password = s3cret } }")
        .http().https()).contains(TlsSettings.pkcs12(8443, Path.of("/etc/a.p12"), "s3cret"));
    assertThatThrownBy(() -> read("jtile.frontend { layers.osm {}, https { keystore = /a.p12, "
        + "certificate = /b.pem, private_key = /c.pem } }"))
        .hasMessageContaining("jtile.frontend.https: give either certificate and private_key (PEM) or keystore");
    assertThatThrownBy(() -> read("jtile.frontend { layers.osm {}, https { keystore = /a.p12, port = 70000 } }"))
        .hasMessageContaining("jtile.frontend.https.port = 70000: must be in [0, 65535]");
  }

  @Test
  void shippedConfigs_readWithoutWarnings() throws Exception {
    FrontendConfig c = HoconFrontendConfig.read(
        org.jtile.testing.JtileDaemons.checkoutFile("conf/osm-carto/frontend.conf"), null, warnings::add);
    assertThat(c.layers()).extracting(Layer::uri).containsExactly("/tiles/osm-lang/", "/tiles/osm/");
    assertThat(c.throttle().enabled()).isTrue();
    FrontendConfig classic = HoconFrontendConfig.read(null,
        org.jtile.testing.JtileDaemons.checkoutFile("conf/classic/renderd.conf"), warnings::add);
    assertThat(classic.layers()).extracting(Layer::uri).containsExactly("/tiles/osm/");
    assertThat(classic.renderd()).contains(UnixDomainSocketAddress.of("/run/renderd/renderd.sock"));
    assertThat(warnings).isEmpty();
  }

  /** Every key reference.conf documents: a value of the wrong type stops start-up naming that key. */
  @Test
  void everyDocumentedKey_withAWrongType_failsNamingTheKey() {
    com.typesafe.config.Config reference =
        com.typesafe.config.ConfigFactory.defaultReference().getConfig("jtile.frontend");
    List<String> keys = reference.entrySet().stream().map(java.util.Map.Entry::getKey).sorted().toList();
    assertThat(keys).contains("http.port", "render.socket", "tiles.revalidate", "cache.stale_while_revalidate",
        "throttle.trusted_proxies", "tile_dir", "renderd_conf");
    for (String key : keys) {
      // an object is the wrong type for every documented setting (strings, numbers, durations, lists)
      assertThatThrownBy(() -> read("jtile.frontend { layers.osm {}, " + key + " { wrong = 1 } }"))
          .as(key)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(key + " has type OBJECT rather than")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void badLayer_namesTheLayer() {
    assertThatThrownBy(() -> read("jtile.frontend.layers.osm { min_zoom = 12, max_zoom = 3 }"))
        .hasMessageContaining("jtile.frontend.layers.osm: zooms must satisfy 0 <= min <= max <= 20: 12-3");
    assertThatThrownBy(() -> read("jtile.frontend.layers.osm { type = png }"))
        .hasMessageContaining("jtile.frontend.layers.osm: Specified type (png) has too few parts");
    assertThatThrownBy(() -> read("jtile.frontend.layers.osm { max_zoom = 31 }"))
        .hasMessageContaining("jtile.frontend.layers.osm.max_zoom = 31: must be in [0, 30]");
    assertThatThrownBy(() -> read("jtile.frontend.layers.\"../etc\" {}")).isInstanceOf(ConfigException.class);
  }

  @Test
  void noLayers_missingFile_andSyntaxErrors_areClearStartupErrors() throws Exception {
    assertThatThrownBy(() -> read("jtile.frontend { }")).hasMessageContaining("no layers")
        .satisfies(e -> assertThat(((ConfigException) e).exitCode()).isEqualTo(ConfigException.MISSING));
    assertThatThrownBy(() -> HoconFrontendConfig.read(dir.resolve("absent.conf"), null, warnings::add))
        .hasMessageContaining("absent.conf' does not exist");
    assertThatThrownBy(() -> read("jtile.frontend { layers { ")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("frontend.conf");
  }

  @Test
  void renderdConf_addsItsLayers_andNamesRenderdsSocket() throws Exception {
    Path classic = Files.writeString(dir.resolve("renderd.conf"), """
        [renderd]
        socketname=/run/renderd/r.sock
        tile_dir=/var/lib/tiles
        [mapnik]
        plugins_dir=/usr/lib/mapnik/3.1/input
        [osm]
        URI=/osm/
        XML=/srv/osm.xml
        """);
    FrontendConfig c = HoconFrontendConfig.read(
        Files.writeString(dir.resolve("frontend.conf"), "jtile.frontend.http.port = 9001"), classic, warnings::add);
    assertThat(c.layers()).extracting(Layer::uri, Layer::tileDir).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/osm/", "/var/lib/tiles"));
    assertThat(c.renderd()).contains(UnixDomainSocketAddress.of("/run/renderd/r.sock"));

    // an explicit render.socket wins over the file's
    c = HoconFrontendConfig.read(Files.writeString(dir.resolve("frontend.conf"),
        "jtile.frontend.render.socket = \"127.0.0.1:7654\""), classic, warnings::add);
    assertThat(c.renderd()).contains(InetSocketAddress.createUnresolved("127.0.0.1", 7654));
  }
}
