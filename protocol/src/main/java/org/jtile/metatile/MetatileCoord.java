package org.jtile.metatile;

/**
 * The origin of an 8×8 metatile: {@code x} and {@code y} are multiples of 8 (both 0 below zoom 3,
 * where the metatile is the whole 2^z × 2^z world).
 */
public record MetatileCoord(int z, int x, int y) {
  public MetatileCoord {
    TileCoord.checkZoom(z);
    TileCoord.checkAxis("x", x, z);
    TileCoord.checkAxis("y", y, z);
    if ((x & Metatile.MASK) != 0 || (y & Metatile.MASK) != 0) {
      throw new IllegalArgumentException(
          "metatile origin must be a multiple of " + Metatile.SIZE + ": " + x + "," + y);
    }
  }

  /** See {@link TileCoord#hashCode}. */
  @Override
  public int hashCode() {
    return TileCoord.hash(z, x, y);
  }

  /** The metatile holding tile {@code z/x/y}; the coordinates are validated like a {@link TileCoord}. */
  public static MetatileCoord containing(int z, int x, int y) {
    return new TileCoord(z, x, y).metatile();
  }

  /** Tiles along each axis: 8, or 2^z at zooms 0–2. */
  public int tilesAcross() {
    return Math.min(Metatile.SIZE, TileCoord.tilesPerAxis(z));
  }

  /** The tile at column {@code dx}, row {@code dy} inside this metatile. */
  public TileCoord tile(int dx, int dy) {
    return new TileCoord(z, x + dx, y + dy);
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y + " (metatile)";
  }
}
