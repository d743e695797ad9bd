package org.jtile.mapnik;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtile.config.RenderdConfig;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileReader;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.store.file.MetatilePath;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same renderd.conf (but for socket and tile directory) run by Debian's C renderd and by jtile's
 * renderd with the Mapnik renderer: every tile of every metatile must have the same bytes.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CRenderdIdenticalTilesTest {
  @TempDir Path dir;

  /** z0–z6 whole, and the 3×3 metatiles around 9/297/191 and 12/2200/1343. */
  static List<MetatileCoord> metatiles() {
    Set<MetatileCoord> all = new LinkedHashSet<>();
    for (int z = 0; z <= 6; z++) {
      for (int x = 0; x < 1 << z; x += 8) {
        for (int y = 0; y < 1 << z; y += 8) {
          all.add(MetatileCoord.containing(z, x, y));
        }
      }
    }
    for (int[] centre : new int[][] {{9, 297, 191}, {12, 2200, 1343}}) {
      for (int dx = -8; dx <= 8; dx += 8) {
        for (int dy = -8; dy <= 8; dy += 8) {
          all.add(MetatileCoord.containing(centre[0], centre[1] + dx, centre[2] + dy));
        }
      }
    }
    return new ArrayList<>(all);
  }

  @Test
  void everyTileOfEveryMetatile_isByteIdenticalToCRenderd() throws Exception {
    Peers.require("mapnik-config", "libmapnik-dev");
    Path style = ExampleMap.writeStyle(dir.resolve("style"));
    Path cTiles = Files.createDirectories(dir.resolve("c-tiles"));
    Path jTiles = Files.createDirectories(dir.resolve("j-tiles"));
    Path cSocket = dir.resolve("c.sock");
    Path jSocket = dir.resolve("j.sock");
    Path cConf = new ClassicRenderdConf(cSocket, cTiles).renderd("num_threads", "2").map("default", style)
        .map("retina", style, "TILESIZE", "512", "SCALE", "2").writeTo(dir.resolve("c.conf"));
    Path jConf = new ClassicRenderdConf(jSocket, jTiles).renderd("num_threads", "2").map("default", style)
        .map("retina", style, "TILESIZE", "512", "SCALE", "2").writeTo(dir.resolve("j.conf"));
    List<MetatileCoord> metatiles = metatiles();

    List<MetatileCoord> retina = List.of(new MetatileCoord(3, 0, 0), new MetatileCoord(9, 296, 184));
    try (ExternalProcess c = DebianRenderd.start(dir, cConf, cSocket)) {
      renderAll(cSocket, "default", metatiles);
      renderAll(cSocket, "retina", retina);
    }
    try (Renderd jtile = Renderd.start(RenderdConfig.read(jConf, warning -> { }), Renderers.providers())) {
      renderAll(jSocket, "default", metatiles);
      renderAll(jSocket, "retina", retina);
      long renders = jtile.queue().stats().rendered().values().stream().mapToLong(Long::longValue).sum();
      assertThat(renders).isEqualTo(metatiles.size() + retina.size());
    }
    for (MetatileCoord meta : retina) {
      byte[][] cSide = MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(MetatilePath.of(cTiles, "retina", "", meta))));
      byte[][] jSide = MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(MetatilePath.of(jTiles, "retina", "", meta))));
      assertThat(jSide).as("@2x %s", meta).isDeepEqualTo(cSide);
      java.awt.image.BufferedImage tile = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jSide[0]));
      assertThat(tile.getWidth()).isEqualTo(512);
    }

    MessageDigest cTree = MessageDigest.getInstance("SHA-256");
    MessageDigest jTree = MessageDigest.getInstance("SHA-256");
    int tiles = 0;
    for (MetatileCoord meta : metatiles) {
      byte[][] cSide = MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(MetatilePath.of(cTiles, "default", "", meta))));
      byte[][] jSide = MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(MetatilePath.of(jTiles, "default", "", meta))));
      for (int slot = 0; slot < 64; slot++) {
        assertThat(jSide[slot]).as("tile %d of %s", slot, meta).isEqualTo(cSide[slot]);
        cTree.update(cSide[slot]);
        jTree.update(jSide[slot]);
        tiles += cSide[slot].length > 0 ? 1 : 0;
      }
    }
    assertThat(HexFormat.of().formatHex(jTree.digest())).isEqualTo(HexFormat.of().formatHex(cTree.digest()));
    assertThat(tiles).isEqualTo(1 + 4 + 16 + 64 * (metatiles.size() - 3));
  }

  /** Asks for every metatile of {@code style} over 4 connections and requires Done for each. */
  static void renderAll(Path socket, String style, List<MetatileCoord> metatiles) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          try (RenderdChannel channel = RenderdChannel.connect(UnixDomainSocketAddress.of(socket),
              Duration.ofSeconds(10))) {
            for (int i = client; i < metatiles.size(); i += 4) {
              MetatileCoord m = metatiles.get(i);
              channel.send(RenderMessage.request(Command.RENDER_BULK, style, m.z(), m.x(), m.y()));
              RenderMessage reply = channel.receive().orElseThrow();
              assertThat(reply.command()).as("%s", m).isEqualTo(Command.DONE);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
