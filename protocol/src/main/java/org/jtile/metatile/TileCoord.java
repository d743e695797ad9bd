package org.jtile.metatile;

/**
 * One tile's slippy-map address, validated: {@code 0 <= z <= 20} (the deepest zoom the hashed path
 * layout can hold) and {@code 0 <= x, y < 2^z}.
 */
public record TileCoord(int z, int x, int y) {
  /** mod_tile's MAX_ZOOM: the path hash holds 20 bits of x and y. */
  public static final int MAX_ZOOM = 20;

  public TileCoord {
    checkZoom(z);
    checkAxis("x", x, z);
    checkAxis("y", y, z);
  }

  /** The metatile holding this tile. */
  public MetatileCoord metatile() {
    return new MetatileCoord(z, x & ~Metatile.MASK, y & ~Metatile.MASK);
  }

  /** This tile's entry in its metatile's index. */
  public int slot() {
    return Metatile.slot(x, y);
  }

  /** Tiles per axis at zoom {@code z}. */
  public static int tilesPerAxis(int z) {
    return 1 << z;
  }

  static void checkZoom(int z) {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("zoom must be in [0, " + MAX_ZOOM + "]: " + z);
    }
  }

  static void checkAxis(String name, int value, int z) {
    if (value < 0 || value >= tilesPerAxis(z)) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + tilesPerAxis(z) + ") at zoom " + z + ": " + value);
    }
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }
}
