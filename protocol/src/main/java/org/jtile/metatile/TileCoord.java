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

  /**
   * Mixed from the packed coordinates, not the record's {@code 31 * h + c}: that gives a 256×256 block of
   * tiles 8 161 hash codes for 65 536 tiles, and the hot-tile cache and the queues look tiles up by key.
   */
  @Override
  public int hashCode() {
    return hash(z, x, y);
  }

  /** The hash of a tile or metatile address: unique before the fold to 32 bits, as z, x and y fit in 45. */
  static int hash(int z, int x, int y) {
    long h = (long) z << 40 | (long) x << 20 | y;
    // MurmurHash3's 64-bit finaliser
    h = (h ^ h >>> 33) * 0xff51afd7ed558ccdL;
    h = (h ^ h >>> 33) * 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) (h ^ h >>> 32);
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

  /**
   * A decimal in [0, max] written as digits only, without sign or leading zeros; -1 for anything else.
   * For coordinates taken from untrusted paths: no exceptions, no overflow.
   */
  public static int parseDecimal(String digits, int max) {
    return parseDecimal(digits, 0, digits.length(), max);
  }

  /** {@link #parseDecimal(String, int)} of {@code text}'s characters from {@code start} to {@code end}. */
  public static int parseDecimal(CharSequence text, int start, int end, int max) {
    int length = end - start;
    if (length <= 0 || length > 10 || (length > 1 && text.charAt(start) == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? (int) value : -1;
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
