package org.jtile.mapnik;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.jtile.config.MapConfig;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.render.RenderException;
import org.jtile.render.Renderer;

/**
 * One render thread's Mapnik renderer: a {@link MapnikMap} per style, loaded on that thread. Renders
 * exactly as C renderd's {@code gen_tile.cpp} does (metatile size, projected box, default buffer,
 * scale, tile order, output format), so the tiles come out byte for byte the same.
 */
final class MapnikRenderer implements Renderer {
  private record Style(MapnikMap map, Projection projection) {}

  private final Map<String, Style> styles = new HashMap<>();
  private final ExecutorService encoders;

  MapnikRenderer(ExecutorService encoders) {
    this.encoders = encoders;
  }

  void add(MapConfig config, MapnikMap map, Projection projection) {
    styles.put(config.name(), new Style(map, projection));
  }

  @Override
  public byte[][] render(MapConfig map, MetatileCoord origin, String options) throws RenderException {
    Style style = styles.get(map.name());
    if (style == null) {
      throw new RenderException("no Mapnik style loaded for map " + map.name());
    }
    Projection projection = style.projection();
    int z = origin.z();
    int across = projection.tilesAcross(z);
    int down = projection.tilesDown(z);
    double[] box = projection.bounds(origin.x(), origin.y(), z);
    String language = map.parameterize().equals("language") ? Language.nameColumn(options) : "";
    int defaultBuffer = (int) ((map.tileSize() >> 1) * map.scale());
    byte[][] tiles;
    try {
      tiles = style.map().render(across, down, map.tileSize(), map.scale(), defaultBuffer,
          box[0], box[1], box[2], box[3], map.type().format(), language, encoders);
    } catch (MapnikException | IllegalArgumentException | IllegalStateException e) {
      throw new RenderException(e.getMessage(), e);
    }
    byte[][] slots = new byte[Metatile.COUNT][];
    for (int xx = 0; xx < across; xx++) {
      for (int yy = 0; yy < down; yy++) {
        slots[Metatile.slot(xx, yy)] = tiles[xx * down + yy];
      }
    }
    return slots;
  }

  @Override
  public void close() {
    styles.values().forEach(style -> style.map().close());
    styles.clear();
  }
}
