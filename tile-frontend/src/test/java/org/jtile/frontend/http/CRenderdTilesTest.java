package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache written by Debian's C renderd, served by jtile's frontend. */
class CRenderdTilesTest {
  @TempDir Path dir;

  /** Has Debian's C renderd render the metatile of z/x/y of the example map; returns its tile cache. */
  private Path renderWithC(int z, int x, int y) throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    Path conf = new ClassicRenderdConf(socket, tiles).map("default", ExampleMap.writeStyle(dir.resolve("style")))
        .writeTo(dir.resolve("renderd.conf"));
    try (ExternalProcess renderd = DebianRenderd.start(dir, conf, socket)) {
      RenderMessage reply = RenderdChannel.ask(UnixDomainSocketAddress.of(socket),
          RenderMessage.request(Command.RENDER_PRIO, "default", z, x, y), Duration.ofSeconds(60)).orElseThrow();
      assertThat(reply.command()).as(renderd.logTail()).isEqualTo(Command.DONE);
    }
    return tiles;
  }

  @Test
  void tilesRenderedByCRenderd_areServedAsPngs() throws Exception {
    Path tiles = renderWithC(9, 297, 191);
    try (FrontendServer server = new FrontendServer(FrontendConfig.of(
        List.of(Layer.simple("/default/", "default", tiles.toString())), Optional.empty(), RenderPolicy.DEFAULT),
        Clock.systemUTC(), Math::random)) {
      server.start();
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {"/default/9/297/191.png", "/default/9/296/184.png", "/default/9/303/191.png"}) {
        HttpResponse<byte[]> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(png.getWidth()).isEqualTo(256);
        assertThat(png.getHeight()).isEqualTo(256);
      }
    }
  }

  /**
   * Debian's renderd is built without memcached support ("Support for memcached has not been compiled
   * into this program"), so it cannot fill a memcached itself. Its metatile is put into memcached in
   * mod_tile's value layout (stat header + metatile, store_memcached.c) through memcached's own text
   * protocol, and jtile serves the same tiles from there as from the file.
   */
  @Test
  void cRenderedMetatile_inModTilesMemcachedLayout_isServedLikeTheFile() throws Exception {
    Path tiles = renderWithC(3, 0, 0);
    byte[] metatile = Files.readAllBytes(tiles.resolve("default/3/0/0/0/0/0.meta"));
    try (org.jtile.testing.Memcached memcached = org.jtile.testing.Memcached.start(dir, 0)) {
      java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(40 + metatile.length)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      long now = java.time.Instant.now().getEpochSecond();
      value.putLong(metatile.length).putLong(now).putLong(now).putLong(now).putInt(0).putInt(0).put(metatile);
      try (java.net.Socket raw = new java.net.Socket("127.0.0.1", memcached.port())) {
        raw.getOutputStream().write(("set default/0/0/3.meta 0 0 " + value.capacity() + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        raw.getOutputStream().write(value.array());
        raw.getOutputStream().write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] reply = new byte[8];
        assertThat(new String(reply, 0, raw.getInputStream().read(reply), java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("STORED\r\n");
      }
      try (FrontendServer server = new FrontendServer(FrontendConfig.of(List.of(
          Layer.simple("/file/", "default", tiles.toString()), Layer.simple("/mc/", "default", memcached.storage())),
          Optional.empty(), RenderPolicy.DEFAULT), Clock.systemUTC(), Math::random)) {
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        for (String tile : new String[] {"3/0/0.png", "3/5/7.png"}) {
          byte[] fromFile = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/file/"
              + tile)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
          HttpResponse<byte[]> fromMemcached = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + server.port() + "/mc/" + tile)).build(), HttpResponse.BodyHandlers.ofByteArray());
          assertThat(fromMemcached.statusCode()).isEqualTo(200);
          assertThat(fromMemcached.body()).isEqualTo(fromFile);
        }
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/mc/3/0/0.png/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).startsWith("Tile is clean.").contains("memcached://127.0.0.1:" + memcached.port()
            + "/default/0/0/3.meta");
      }
    }
  }
}
