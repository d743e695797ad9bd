package org.jtile.renderd.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.TileCoord;
import org.jtile.render.RenderException;
import org.jtile.render.Renderer;
import org.jtile.render.RendererProvider;

/**
 * Draws recognisable tiles without Mapnik: each tile shows its z/x/y and the style name on a colour
 * derived from its coordinates, as a PNG of the map's tile size. For tests and benchmarks of the
 * daemon.
 *
 * <p>Map options: {@code delay_ms} sleeps that long per metatile (a slow style); {@code fail_at_zoom}
 * fails every metatile of that zoom (a broken one); {@code draw = false} makes all 64 tiles one blank
 * tile, so a render costs the delay and hardly any CPU (a renderer on other cores, for benchmarks).
 */
public final class TestRenderer implements Renderer {
  /** The provider behind {@code renderer = test}. */
  public static final class Provider implements RendererProvider {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public Renderer open(RenderdConfig config, List<MapConfig> maps) {
      return new TestRenderer();
    }
  }

  @Override
  public byte[][] render(MapConfig map, MetatileCoord origin, String options) throws RenderException {
    long delay = Long.parseLong(map.rendererOptions().getOrDefault("delay_ms", "0"));
    String failAt = map.rendererOptions().get("fail_at_zoom");
    if (failAt != null && Integer.parseInt(failAt) == origin.z()) {
      throw new RenderException("test renderer told to fail at zoom " + origin.z());
    }
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RenderException("interrupted while rendering " + origin);
      }
    }
    byte[][] tiles = new byte[Metatile.COUNT][];
    if ("false".equals(map.rendererOptions().get("draw"))) {
      byte[] blank = draw(map, new TileCoord(0, 0, 0), "");
      Arrays.fill(tiles, blank);
      return tiles;
    }
    int across = origin.tilesAcross();
    for (int dx = 0; dx < across; dx++) {
      for (int dy = 0; dy < across; dy++) {
        tiles[Metatile.slot(dx, dy)] = draw(map, origin.tile(dx, dy), options);
      }
    }
    return tiles;
  }

  private static byte[] draw(MapConfig map, TileCoord tile, String options) {
    int size = map.tileSize();
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(new Color(Integer.hashCode(tile.x() * 31 + tile.y() * 17 + tile.z()) * 0x9E3779B1 & 0x7f7f7f | 0x404040));
      g.fillRect(0, 0, size, size);
      g.setColor(Color.WHITE);
      g.drawRect(0, 0, size - 1, size - 1);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, size / 12)));
      g.drawString(tile.toString(), size / 16, size / 2);
      g.drawString(map.name() + (options.isEmpty() ? "" : " " + options), size / 16, size / 2 + size / 10);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(4096);
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  @Override
  public void close() {}
}
