package org.jtile.renderd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jtile.config.RenderdConfig;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache with Debian's mod_tile as the client of jtile's renderd: a missing tile asked of Apache is
 * rendered by jtile and served by mod_tile, and /status and /dirty go through.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApacheModTileTest {
  @TempDir Path dir;

  @Test
  void modTile_rendersMissingTilesThroughJtilesRenderd() throws Exception {
    Path apache = Peers.require("apache2", "apache2");
    Path module = Path.of("/usr/lib/apache2/modules/mod_tile.so");
    if (!Files.exists(module)) {
      Peers.require("mod_tile.so", "libapache2-mod-tile");
    }
    // Apache's children run as nobody: they must reach the socket and read the tiles
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Files.setPosixFilePermissions(tiles, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path socket = dir.resolve("renderd.sock");
    RenderdConfig config = RenderdConfig.builder(List.of(TestRenderd.testMap("default", tiles, Map.of())))
        .socket(socket).socketMode(RenderdConfig.parseMode("0666"), "").threads(2).maxConnections(100).build();
    int port = Ports.free();
    Path run = Files.createDirectories(dir.resolve("run"));
    Path conf = Files.writeString(dir.resolve("httpd.conf"), String.join("\n",
        "ServerRoot \"" + dir + "\"",
        "ServerName localhost",
        "PidFile " + run.resolve("httpd.pid"),
        "DefaultRuntimeDir " + run,
        "Mutex file:" + run + " default",
        "User nobody",
        "Group nogroup",
        "Listen 127.0.0.1:" + port,
        "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so",
        "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
        "LoadModule tile_module " + module,
        "ErrorLog " + dir.resolve("error.log"),
        "LogLevel warn",
        "<VirtualHost 127.0.0.1:" + port + ">",
        "  ServerName localhost",
        // order matters to mod_tile: the tile dir applies to layers added after it
        "  ModTileTileDir " + tiles,
        "  AddTileConfig /default/ default",
        "  ModTileRenderdSocketName " + socket,
        "  ModTileMissingRequestTimeout 30",
        "  ModTileRequestTimeout 30",
        "  ModTileMaxLoadMissing 1000",
        "  ModTileMaxLoadOld 1000",
        "</VirtualHost>", ""));
    try (Renderd renderd = Renderd.start(config, Renderers.providers());
        ExternalProcess httpd = ExternalProcess.start("apache2", dir,
            List.of(apache.toString(), "-f", conf.toString(), "-DFOREGROUND"))) {
      HttpClient http = HttpClient.newHttpClient();
      httpd.awaitReady(() -> {
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
              HttpResponse.BodyHandlers.discarding());
          return true;
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30));
      HttpResponse<byte[]> tile = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/default/5/10/12.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(tile.statusCode()).as(httpd.logTail() + Files.readString(dir.resolve("error.log"))).isEqualTo(200);
      assertThat(new String(tile.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
      assertThat(renderd.queue().stats().rendered().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/default/5/10/12.png/status"))
          .build(), HttpResponse.BodyHandlers.ofString()).body()).contains("Tile is clean");
    }
  }
}
