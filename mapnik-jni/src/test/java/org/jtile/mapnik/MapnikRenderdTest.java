package org.jtile.mapnik;

import org.jtile.config.StartupException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jtile.config.RenderdConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** renderd with the Mapnik renderer: broken styles stop start-up, broken renders answer NotDone. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapnikRenderdTest {
  @TempDir Path dir;
  private Path socket;
  private Path tiles;

  @BeforeEach
  void setUp() throws Exception {
    Peers.require("mapnik-config", "libmapnik-dev");
    socket = dir.resolve("r.sock");
    tiles = Files.createDirectories(dir.resolve("tiles"));
  }

  private Command request(Command command, int z, int x, int y) throws Exception {
    return RenderdChannel.ask(UnixDomainSocketAddress.of(socket), RenderMessage.request(command, "default", z, x, y),
        Duration.ofSeconds(60)).orElseThrow().command();
  }

  @Test
  void brokenStyle_stopsStartUp_namingTheMap() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.xml"), "<Map><Layer></Map");
    Path conf = new ClassicRenderdConf(socket, tiles).map("default", broken).writeTo(dir.resolve("r.conf"));
    assertThatThrownBy(() -> Renderd.start(RenderdConfig.read(conf, warning -> { }), Renderers.providers()))
        .isInstanceOf(org.jtile.config.StartupException.class)
        .hasMessageStartingWith("map default: load_map: ");
    assertThat(socket).doesNotExist();
  }

  @Test
  void renderFailure_answersNotDone_andTheDaemonGoesOn() throws Exception {
    Path style = ExampleMap.writeStyle(dir.resolve("style"));
    Path conf = new ClassicRenderdConf(socket, tiles)
        .map("default", style, "TYPE", "png image/png nosuchformat")
        .writeTo(dir.resolve("r.conf"));
    try (Renderd renderd = Renderd.start(RenderdConfig.read(conf, warning -> { }), Renderers.providers())) {
      assertThat(request(Command.RENDER_PRIO, 3, 0, 0)).isEqualTo(Command.NOT_DONE);
      assertThat(request(Command.RENDER_PRIO, 2, 0, 0)).isEqualTo(Command.NOT_DONE);
    }
    Path good = new ClassicRenderdConf(socket, tiles).map("default", style, "TYPE", "png image/png png32")
        .writeTo(dir.resolve("good.conf"));
    try (Renderd renderd = Renderd.start(RenderdConfig.read(good, warning -> { }), Renderers.providers())) {
      assertThat(request(Command.RENDER_PRIO, 3, 0, 0)).isEqualTo(Command.DONE);
    }
  }
}
