package org.jtile.metatile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/** Assembles 64 encoded tiles into one metatile in mod_tile's byte layout. */
public final class MetatileWriter {
  private MetatileWriter() {}

  /**
   * The metatile bytes for {@code tiles}, indexed by {@link Metatile#slot}. A null or empty entry is a
   * tile that does not exist (zooms 0–2): it gets size 0 at the running offset, as mod_tile 0.7+
   * writes it (0.6.1 wrote offset 0; readers accept both).
   *
   * @throws IllegalArgumentException not 64 entries, or a tile over {@link Metatile#MAX_TILE_SIZE},
   *     which no reader would serve
   */
  public static byte[] write(MetatileCoord origin, byte[][] tiles) {
    Objects.requireNonNull(origin, "origin");
    if (tiles.length != Metatile.COUNT) {
      throw new IllegalArgumentException("a metatile has " + Metatile.COUNT + " tiles: " + tiles.length);
    }
    long total = Metatile.HEADER_LENGTH;
    for (int i = 0; i < tiles.length; i++) {
      int size = tiles[i] == null ? 0 : tiles[i].length;
      if (size > Metatile.MAX_TILE_SIZE) {
        throw new IllegalArgumentException(
            "tile " + i + " of " + origin + " is " + size + " bytes, over the "
                + Metatile.MAX_TILE_SIZE + "-byte limit readers accept");
      }
      total += size;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
    out.put(Metatile.MAGIC).putInt(Metatile.COUNT).putInt(origin.x()).putInt(origin.y()).putInt(origin.z());
    int offset = Metatile.HEADER_LENGTH;
    for (byte[] tile : tiles) {
      int size = tile == null ? 0 : tile.length;
      out.putInt(offset).putInt(size);
      offset += size;
    }
    for (byte[] tile : tiles) {
      if (tile != null) {
        out.put(tile);
      }
    }
    return out.array();
  }
}
