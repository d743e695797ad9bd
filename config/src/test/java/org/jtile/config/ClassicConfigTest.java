package org.jtile.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassicConfigTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("renderd.conf"), text);
  }

  private static final String MAPNIK = "[mapnik]\nplugins_dir=/usr/lib/mapnik/3.1/input\n";

  @Test
  void shippedClassicConf_isReadWithItsJtileKeys() throws Exception {
    RenderdConfig c = ClassicConfig.read(org.jtile.testing.JtileDaemons.checkoutFile("conf/classic/renderd.conf"));
    assertThat(c.socket()).contains(Path.of("/run/renderd/renderd.sock"));
    assertThat(c.metricsPort()).isEqualTo(9400);
    assertThat(c.maps()).extracting(MapConfig::name).containsExactly("default");
  }

  @Test
  void read_debiansExampleShape_withIniparserRules() throws Exception {
    Path conf = write("""
        ; a comment
        # another
        [Renderd]
        SocketName = /tmp/r.sock ; inline comment
        num_threads=0x2
        tile_dir=/tmp/tiles # inline too
        stats_file=
        [mapnik]
        plugins_dir=/usr/lib/mapnik/3.1/input
        font_dir=/usr/share/fonts
        font_dir_recurse=yes
        [OSM]
        URI=/osm/
        XML="/srv/style with spaces.xml"
        HOST=localhost
        TILESIZE=512
        SCALE=2
        MAXZOOM=19
        TYPE=png   image/png   PNG32
        ATTRIBUTION="&copy; OSM; contributors"
        DESCRIPTION=long \\
          description
        """);
    RenderdConfig c = ClassicConfig.read(conf);
    assertThat(c.socket()).contains(Path.of("/tmp/r.sock"));
    assertThat(c.numThreads()).isEqualTo(2);
    assertThat(c.statsFile()).isEmpty();
    assertThat(c.mapnik().fontDirRecurse()).isTrue();
    assertThat(PosixFilePermissions.toString(c.socketPermissions())).isEqualTo("rw-rw----");
    MapConfig osm = c.map("osm").orElseThrow();
    assertThat(osm.xml()).isEqualTo("/srv/style with spaces.xml");
    assertThat(osm.tileDir()).isEqualTo("/tmp/tiles");
    assertThat(osm.tileSize()).isEqualTo(512);
    assertThat(osm.scale()).isEqualTo(2.0);
    assertThat(osm.minZoom()).isZero();
    assertThat(osm.maxZoom()).isEqualTo(19);
    assertThat(osm.type()).isEqualTo(new OutputType("png", "image/png", "png32"));
    assertThat(osm.renderer()).isEqualTo("mapnik");
  }

  @Test
  void read_ipport_listensOnTcpInstead() throws Exception {
    RenderdConfig c = ClassicConfig.read(write("[renderd]\nipport=7654\n" + MAPNIK + "[default]\nRENDERER=test\n"));
    assertThat(c.socket()).isEqualTo(Optional.empty());
    assertThat(c.tcpPort()).isEqualTo(7654);
    assertThat(c.map("default").orElseThrow().renderer()).isEqualTo("test");
  }

  /** The farm in a classic file: jtile-only keys C renderd ignores. */
  @Test
  void read_clusterKeys() throws Exception {
    RenderdConfig c = ClassicConfig.read(write("[renderd]\ncluster_redis=redis://10.0.0.5:6379/0\ncluster_host=r1\n"
        + "cluster_lease=20\ncluster_local_fallback=false\n" + MAPNIK + "[default]\nRENDERER=test\n"));
    assertThat(c.cluster()).contains(
        new ClusterConfig("redis://10.0.0.5:6379/0", "r1", java.time.Duration.ofSeconds(20), "jtile", false));
    assertThat(ClassicConfig.read(write("[renderd]\n" + MAPNIK + "[default]\nRENDERER=test\n")).cluster()).isEmpty();
    expect("[renderd]\ncluster_redis=redis://r\ncluster_lease=1\n" + MAPNIK + "[default]\nRENDERER=test\n",
        "[renderd]: lease must be between 2 s and 1 h: PT1S", 7);
  }

  /** mod_tile's master: [renderd1]..[renderd4] are slaves, reached on TCP when they have a port. */
  @Test
  void read_slaveSections() throws Exception {
    RenderdConfig c = ClassicConfig.read(write("[renderd]\nnum_threads=2\n[renderd1]\niphostname=10.0.0.2\n"
        + "ipport=7654\nnum_threads=3\n[renderd2]\nsocketname=/run/b.sock\n[renderd3]\nnum_threads=0\n"
        + "[renderd4]\nipport=7655\n" + MAPNIK + "[default]\nRENDERER=test\n"));
    assertThat(c.slaves()).containsExactly(new SlaveConfig("renderd1", "10.0.0.2:7654", 3),
        new SlaveConfig("renderd2", "/run/b.sock", 4), new SlaveConfig("renderd4", "localhost:7655", 4));
    assertThat(c.numThreads()).isEqualTo(2);
  }

  @Test
  void badValues_failWithModTilesMessage_namingTheSection() throws Exception {
    expect("[renderd]\n" + MAPNIK + "[default]\nXML=/x.xml\nSCALE=0.05\n",
        "[default]: Specified scale factor (0.050000) is too small, must be greater than or equal to 0.100000.", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\nXML=/x.xml\nMINZOOM=5\nMAXZOOM=4\n",
        "[default]: Specified min zoom (5) is larger than max zoom (4).", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\nXML=/x.xml\nMAXZOOM=21\n",
        "[default]: Specified max zoom (21) is too large, must be less than or equal to 20.", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\nXML=/x.xml\nTYPE=png\n",
        "[default]: Specified type (png) has too few parts, there must be at least 2, e.g., 'png image/png'.", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\nXML=/x.xml\nTYPE=a b c d\n",
        "[default]: Specified type (a b c d) has too many parts, there must be no more than 3, e.g., 'png image/png png256'.", 7);
    expect("[renderd]\nnum_threads=4.5\n" + MAPNIK + "[default]\nXML=/x.xml\n",
        "[renderd]: num_threads: Invalid num_threads, must be an integer (4.5 was provided)", 7);
    expect("[renderd]\nsocketname=/" + "s".repeat(120) + "\n" + MAPNIK + "[default]\nXML=/x.xml\n",
        "exceeds maximum allowed length of 108.", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\n", "[default]: a map rendered by mapnik needs an XML style", 7);
    expect("[renderd]\n" + MAPNIK + "[default]\nRENDERER=magic\n", "[default]: renderer must be mapnik or test: magic", 7);
    expect("[renderd]\n" + MAPNIK + "[" + "l".repeat(41) + "]\nXML=/x.xml\n", "map name must be at most 40 bytes", 7);
  }

  @Test
  void missingSections_failWithModTilesMessages() throws Exception {
    expect(MAPNIK + "[default]\nXML=/x.xml\n", "No renderd config sections were found in file: ", 1);
    expect("[renderd]\n[default]\nXML=/x.xml\n", "No mapnik config section was found in file: ", 1);
    expect("[renderd]\n" + MAPNIK, "No map config sections were found in file: ", 1);
    expect("[renderdx]\n" + MAPNIK + "[default]\nXML=/x.xml\n", "Invalid renderd section name: renderdx", 7);
    expect("[renderd]\n[renderd0]\n" + MAPNIK + "[default]\nXML=/x.xml\n",
        "Duplicate renderd config section names for section 0: renderd & renderd0", 7);
    assertThatThrownBy(() -> ClassicConfig.read(dir.resolve("nope.conf")))
        .hasMessage("Config file '" + dir.resolve("nope.conf") + "' does not exist, please specify a valid file");
  }

  @Test
  void syntaxErrors_failTheWholeFile() throws Exception {
    expect("[renderd]\nthis is not a key\n" + MAPNIK, "line 2: syntax error: this is not a key", 7);
    expect("[renderd\n", "line 1: syntax error: [renderd", 7);
    expect("[renderd]\nkey=" + "v".repeat(1100) + "\n", "line 2: syntax error: line longer than 1024 characters", 7);
    expect("[renderd]\nkey=\"unterminated\n", "unterminated quoted value", 7);
  }

  private void expect(String text, String message, int exitCode) throws Exception {
    Path conf = write(text);
    assertThatThrownBy(() -> ClassicConfig.read(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ConfigException) e).exitCode()).isEqualTo(exitCode));
  }
}
