package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtile.config.ConfigException;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up failures end {@code jtile-frontend} with mod_tile's exit codes, never a stack trace. */
class FrontendMainTest {
  @TempDir Path dir;

  private int run(String... args) {
    return new CommandLine(new FrontendMain()).execute(args);
  }

  @Test
  void badConfig_exits7_missingConfig_exits1() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.conf"), "jtile.frontend { layers.osm {}, http.port = -1 }");
    assertThat(run("--config", bad.toString())).isEqualTo(ConfigException.INVALID);
    assertThat(run("--config", dir.resolve("absent.conf").toString())).isEqualTo(ConfigException.MISSING);
    assertThat(run("--renderd-conf", dir.resolve("absent.conf").toString())).isEqualTo(ConfigException.MISSING);
    assertThat(run("--no-such-option")).isEqualTo(2);
    Path noTiles = Files.writeString(dir.resolve("tiles.conf"), "jtile.frontend.layers.osm.tile_dir = \"" + dir.resolve("none") + "\"");
    assertThat(run("--config", noTiles.toString())).isEqualTo(ConfigException.INVALID);
  }

  @Test
  void portInUse_exits3() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf = Files.writeString(dir.resolve("frontend.conf"), "jtile.frontend { layers.osm.tile_dir = \"" + dir + "\", http { host = "
          + "\"127.0.0.1\", port = " + taken.getLocalPort() + " }, render.socket = \"\" }");
      assertThat(run("--config", conf.toString())).isEqualTo(org.jtile.config.StartupException.CANNOT_LISTEN);
    }
  }

  /** -c/--config means what it means to renderd and the tools: either form, told apart by content. */
  @Test
  void dashC_takesHoconOrAClassicRenderdConf() throws Exception {
    Path classic = Files.writeString(dir.resolve("renderd.conf"), """
        [renderd]
        socketname=/run/renderd/r.sock
        [mapnik]
        [osm]
        URI=/osm/
        XML=/srv/osm.xml
        """);
    Path hocon = Files.writeString(dir.resolve("frontend.conf"),
        "jtile.frontend.layers.topo.tile_dir = \"" + dir + "\"");
    assertThat(load("-c", classic.toString()).layers()).extracting(Layer::uri).contains("/osm/");
    assertThat(load("--config", hocon.toString()).layers()).extracting(Layer::uri).containsExactly("/topo/");
    assertThat(load("-c", hocon.toString(), "--renderd-conf", classic.toString()).layers()).extracting(Layer::uri)
        .containsExactlyInAnyOrder("/topo/", "/osm/");
    assertThatThrownBy(() -> load("-c", classic.toString(), "--renderd-conf", classic.toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("give --renderd-conf only with a HOCON --config");
  }

  private static FrontendConfig load(String... args) throws ConfigException {
    FrontendMain main = new FrontendMain();
    new CommandLine(main).parseArgs(args);
    return main.load();
  }
}
