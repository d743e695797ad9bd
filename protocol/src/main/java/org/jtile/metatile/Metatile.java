package org.jtile.metatile;

import java.nio.charset.StandardCharsets;

/**
 * mod_tile's metatile file format. A metatile holds the 64 tiles of an 8×8 block in one file:
 *
 * <pre>
 *   0   char magic[4]      "META", or "METZ" when each tile is gzip-compressed
 *   4   int32 count        always 64
 *   8   int32 x, y, z      origin of the metatile
 *  20   {int32 offset, int32 size}[64]   absolute offsets; entry (x &amp; 7) * 8 + (y &amp; 7)
 * 532   the tiles, concatenated in entry order
 * </pre>
 *
 * All integers are little-endian. Readers ignore x, y, z and check only the magic and the count.
 */
public final class Metatile {
  /** Tiles per metatile edge (mod_tile's METATILE). */
  public static final int SIZE = 8;

  public static final int MASK = SIZE - 1;

  /** Index entries in every metatile, whatever its zoom. */
  public static final int COUNT = SIZE * SIZE;

  /** Bytes before the first tile: magic, count, x, y, z and the index. */
  public static final int HEADER_LENGTH = 20 + COUNT * 8;

  /** The largest tile mod_tile reads or serves (MAX_SIZE); bigger entries are treated as corrupt. */
  public static final int MAX_TILE_SIZE = 1 << 20;

  static final byte[] MAGIC = "META".getBytes(StandardCharsets.US_ASCII);
  static final byte[] MAGIC_COMPRESSED = "METZ".getBytes(StandardCharsets.US_ASCII);

  private Metatile() {}

  /** The index entry of tile (x, y): column-major, so entries 0–7 are the metatile's first column. */
  public static int slot(int x, int y) {
    return (x & MASK) * SIZE + (y & MASK);
  }
}
