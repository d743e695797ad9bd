package org.jtile.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtile.metatile.TileCoord;

/**
 * The metatiles already handled, per zoom: a sparse bitmap of 4096-bit chunks, so an expire list of
 * millions of tiles costs a bit per metatile of the area it touches — never a bit per tile, nor a
 * dense bitmap of the whole world at z20 (2 GiB).
 */
final class MetatileSet {
  private static final int CHUNK_BITS = 12;

  /** Per zoom, chunks by index; a zoom's map is made on its first metatile. */
  private final List<Map<Long, long[]>> chunks = new ArrayList<>(Collections.nCopies(TileCoord.MAX_ZOOM + 1, null));
  private long size;

  /** Adds the metatile whose origin tile is {@code x, y} at zoom {@code z}; false if it was there. */
  boolean add(int z, int x, int y) {
    long across = Math.max(1, TileCoord.tilesPerAxis(z) >> 3);
    long index = (long) (y >> 3) * across + (x >> 3);
    Map<Long, long[]> zoom = chunks.get(z);
    if (zoom == null) {
      zoom = new HashMap<>();
      chunks.set(z, zoom);
    }
    long[] words = zoom.computeIfAbsent(index >>> CHUNK_BITS, k -> new long[(1 << CHUNK_BITS) / 64]);
    int bit = (int) (index & ((1 << CHUNK_BITS) - 1));
    long mask = 1L << (bit & 63);
    if ((words[bit >>> 6] & mask) != 0) {
      return false;
    }
    words[bit >>> 6] |= mask;
    size++;
    return true;
  }

  long size() {
    return size;
  }
}
