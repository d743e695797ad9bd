package org.jtile.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileReader;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metatiles rendered by Debian's C renderd from the example map, read by jtile's reader. */
class CRenderdMetatilesTest {
  @TempDir Path dir;

  @Test
  void metatilesWrittenByCRenderd_readTileByTile_asPngs() throws Exception {
    Path socket = dir.resolve("renderd.sock");
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path conf =
        new ClassicRenderdConf(socket, tiles)
            .map("default", ExampleMap.writeStyle(dir.resolve("style")))
            .writeTo(dir.resolve("renderd.conf"));

    try (ExternalProcess renderd = DebianRenderd.start(dir, conf, socket)) {
      for (TileCoord tile : new TileCoord[] {new TileCoord(0, 0, 0), new TileCoord(3, 5, 2), new TileCoord(9, 297, 191)}) {
        RenderMessage reply = render(socket, tile);
        assertThat(reply.command()).as("%s\n%s", tile, renderd.logTail()).isEqualTo(Command.DONE);

        MetatileCoord meta = tile.metatile();
        Path file = MetatilePath.of(tiles, "default", "", meta);
        assertThat(file).exists();
        try (FileChannel channel = FileChannel.open(file)) {
          int across = meta.tilesAcross();
          for (int dx = 0; dx < Metatile.SIZE; dx++) {
            for (int dy = 0; dy < Metatile.SIZE; dy++) {
              var data = MetatileReader.readTile(channel, Metatile.slot(dx, dy));
              if (dx < across && dy < across) {
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(data.orElseThrow().bytes()));
                assertThat(png).as("tile %d,%d of %s", dx, dy, meta).isNotNull();
                assertThat(png.getWidth()).isEqualTo(256);
                assertThat(png.getHeight()).isEqualTo(256);
              } else {
                assertThat(data).as("absent tile %d,%d of %s", dx, dy, meta).isEmpty();
              }
            }
          }
        }
        byte[][] all = MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(file)));
        byte[] rewritten = MetatileWriter.write(meta, all);
        assertThat(MetatileReader.readAll(ByteBuffer.wrap(rewritten))).isDeepEqualTo(all);
      }
    }
  }

  private static RenderMessage render(Path socket, TileCoord tile) throws Exception {
    RenderMessage request = RenderMessage.request(Command.RENDER_PRIO, "default", tile.z(), tile.x(), tile.y());
    RenderMessage reply = RenderdChannel.ask(UnixDomainSocketAddress.of(socket), request, Duration.ofSeconds(60))
        .orElseThrow();
    assertThat(request.isAnsweredBy(reply)).isTrue();
    return reply;
  }
}
