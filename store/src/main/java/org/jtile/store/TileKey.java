package org.jtile.store;

import java.util.Objects;
import org.jtile.metatile.TileCoord;

/**
 * One tile of one style: what a store reads and stats.
 *
 * @param style the map section name; a safe path segment (see {@link org.jtile.metatile.PathSegment#check})
 * @param options parameterised-style options, "" for none; a safe path segment
 */
public record TileKey(String style, String options, TileCoord tile) {
  public TileKey {
    Objects.requireNonNull(tile, "tile");
    MetatileKey.checkNames(style, options);
  }

  public static TileKey of(String style, int z, int x, int y) {
    return new TileKey(style, "", new TileCoord(z, x, y));
  }

  /** The metatile this tile is stored in. */
  public MetatileKey metatile() {
    return new MetatileKey(style, options, tile.metatile());
  }
}
