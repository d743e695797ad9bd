package org.jtile.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoconConfigTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private RenderdConfig read(String text) throws Exception {
    return HoconConfig.read(Files.writeString(dir.resolve("renderd.conf"), text), warnings::add);
  }

  @Test
  void read_overridesDefaults_andWarnsAboutUnknownKeys() throws Exception {
    RenderdConfig c = read("""
        jtile.renderd {
          socket = "/tmp/j.sock"
          num_threads = 3
          queue.lower_class_share = 0
          typo_key = 1
          maps {
            osm { xml = "/srv/osm.xml", max_zoom = 18, type = "webp image/webp webp", colour = red }
            test { renderer = test, test_delay_ms = 50 }
          }
        }
        """);
    assertThat(c.socket()).contains(Path.of("/tmp/j.sock"));
    assertThat(c.numThreads()).isEqualTo(3);
    assertThat(c.queue()).isEqualTo(new QueueConfig(256, 8000, 0));
    assertThat(c.maps()).extracting(MapConfig::name).containsExactly("osm", "test");
    assertThat(c.map("osm").orElseThrow().type().format()).isEqualTo("webp");
    assertThat(c.map("osm").orElseThrow().uri()).isEqualTo("/osm/");
    assertThat(c.map("test").orElseThrow().rendererOptions()).containsEntry("delay_ms", "50");
    assertThat(warnings).containsExactlyInAnyOrder(
        "Config file '" + dir.resolve("renderd.conf") + "': unknown key jtile.renderd.typo_key",
        "Config file '" + dir.resolve("renderd.conf") + "': unknown key jtile.renderd.maps.osm.colour");
  }

  @Test
  void shippedConfigs_readWithoutWarnings() throws Exception {
    RenderdConfig c = HoconConfig.read(org.jtile.testing.JtileDaemons.checkoutFile("conf/osm-carto/renderd.conf"),
        warnings::add);
    assertThat(c.maps()).extracting(MapConfig::name).containsExactly("osm", "osm-lang");
    assertThat(c.map("osm-lang").orElseThrow().parameterize()).isEqualTo("language");
    assertThat(warnings).isEmpty();
  }

  /** Every key reference.conf documents: a value of the wrong type stops start-up naming that key. */
  @Test
  void everyDocumentedKey_withAWrongType_failsNamingTheKey() {
    com.typesafe.config.Config reference =
        com.typesafe.config.ConfigFactory.defaultReference().getConfig("jtile.renderd");
    List<String> keys = reference.entrySet().stream().map(java.util.Map.Entry::getKey).sorted().toList();
    assertThat(keys).contains("socket", "num_threads", "queue.lower_class_share", "mapnik.font_dir", "tile_dir");
    for (String key : keys) {
      assertThatThrownBy(() -> read("jtile.renderd { maps.a.renderer = test, " + key + " { wrong = 1 } }"))
          .as(key)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(key + " has type OBJECT rather than")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void cluster_isOffByDefault_andReadWhenARedisIsNamed() throws Exception {
    assertThat(read("jtile.renderd { maps.a.renderer = test }").cluster()).isEmpty();
    RenderdConfig c = read("""
        jtile.renderd {
          cluster { redis = "redis://10.0.0.5:6379/0", host = render-2, lease = 45s }
          maps.a.renderer = test
        }
        """);
    assertThat(c.cluster()).contains(
        new ClusterConfig("redis://10.0.0.5:6379/0", "render-2", java.time.Duration.ofSeconds(45), "jtile", true));
    assertThat(read("jtile.renderd { cluster.redis = \"redis://r:6379\", maps.a.renderer = test }")
        .cluster().orElseThrow().host()).isEqualTo(ClusterConfig.localHostName());
  }

  @Test
  void badClusterValues_nameTheKey() {
    assertThatThrownBy(() -> read("jtile.renderd { cluster.redis = \"10.0.0.5:6379\", maps.a.renderer = test }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jtile.renderd.cluster: not a Redis URI (redis://, rediss://, redis-sentinel://)");
    assertThatThrownBy(() -> read(
        "jtile.renderd { cluster { redis = \"redis://r\", lease = 1s }, maps.a.renderer = test }"))
        .hasMessageContaining("jtile.renderd.cluster: lease must be between 2 s and 1 h: PT1S");
    assertThatThrownBy(() -> read(
        "jtile.renderd { cluster { redis = \"redis://r\", key_prefix = \"a b\" }, maps.a.renderer = test }"))
        .hasMessageContaining("key prefix must be 1-64 of [A-Za-z0-9_.:-]: a b");
  }

  @Test
  void badValues_nameTheKey() {
    assertThatThrownBy(() -> read("jtile.renderd { num_threads = many, maps.a.renderer = test }"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("renderd.conf") + ": 1: num_threads has type STRING rather than NUMBER"
            + " (in jtile.renderd)");
    assertThatThrownBy(() -> read("jtile.renderd { maps.a { renderer = test, scale = 99 } }"))
        .hasMessageContaining("jtile.renderd.maps.a: Specified scale factor (99.000000) is too large");
    assertThatThrownBy(() -> read("jtile.renderd { queue.lower_class_share = 0.9, maps.a.renderer = test }"))
        .hasMessageContaining("lower class share must be in [0, 0.5]: 0.9");
    assertThatThrownBy(() -> read("jtile.renderd { socket_mode = \"abc\", maps.a.renderer = test }"))
        .hasMessageContaining("socket mode must be octal like 0660");
    assertThatThrownBy(() -> read("jtile.renderd { }")).hasMessageContaining("no maps configured");
    assertThatThrownBy(() -> read("jtile.renderd { maps { a { renderer = test } ")).isInstanceOf(ConfigException.class);
  }

  /** What -c/--config takes in every command: either form, told apart by content, whatever the file is named. */
  @Test
  void eitherForm_isToldApartByContent() throws Exception {
    Path nested = Files.writeString(dir.resolve("a.conf"), "jtile {\n  renderd {\n    maps.a.renderer = test\n  }\n}\n");
    Path dotted = Files.writeString(dir.resolve("b.conf"), "# jtile's\njtile.renderd.maps.b.renderer = test\n");
    Path classic = Files.writeString(dir.resolve("c.conf"), """
        ; mentions jtile.renderd in a comment only
        [renderd]
        socketname=/tmp/c.sock
        [mapnik]
        [c]
        URI=/c/
        renderer=test
        """);
    assertThat(RenderdConfig.read(nested, warnings::add).maps()).extracting(MapConfig::name).containsExactly("a");
    assertThat(RenderdConfig.read(dotted, warnings::add).maps()).extracting(MapConfig::name).containsExactly("b");
    RenderdConfig c = RenderdConfig.read(classic, warnings::add);
    assertThat(c.maps()).extracting(MapConfig::name).containsExactly("c");
    assertThat(c.socket()).contains(Path.of("/tmp/c.sock"));
    assertThat(warnings).isEmpty();
    assertThatThrownBy(() -> RenderdConfig.read(dir.resolve("absent.conf"), warnings::add))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }
}
