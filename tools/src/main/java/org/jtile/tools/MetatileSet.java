package org.jtile.tools;

/**
 * The metatiles already handled: a sparse bitmap of 64x64-metatile chunks, so an expire list of millions
 * of tiles costs a bit per metatile of the area it touches — never a bit per tile, nor a dense bitmap of
 * the whole world at z20 (2 GiB). Chunks are found by (zoom, chunk column, chunk row) in an
 * open-addressing table of primitive keys: render-expired asks about every line of its input, and a map
 * of boxed keys made that a quarter of its reading time.
 */
final class MetatileSet {
  /** A chunk is 2^SIDE_BITS metatiles square: neighbouring tiles of an expire list share one. */
  private static final int SIDE_BITS = 6;
  private static final int SIDE_MASK = (1 << SIDE_BITS) - 1;

  /** The chunks' keys and chunks by slot; a null chunk is an empty slot. Grown at half full. */
  private long[] keys = new long[64];
  private long[][] chunks = new long[64][];
  private int used;
  private long size;

  /** Adds the metatile whose origin tile is {@code x, y} at zoom {@code z}; false if it was there. */
  boolean add(int z, int x, int y) {
    int column = x >>> 3;
    int row = y >>> 3;
    long[] words = chunk((long) z << 50 | (long) (row >>> SIDE_BITS) << 25 | column >>> SIDE_BITS);
    int bit = (row & SIDE_MASK) << SIDE_BITS | column & SIDE_MASK;
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

  private long[] chunk(long key) {
    int slot = slot(key, keys.length);
    while (chunks[slot] != null) {
      if (keys[slot] == key) {
        return chunks[slot];
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    long[] words = new long[1 << (2 * SIDE_BITS - 6)];
    keys[slot] = key;
    chunks[slot] = words;
    if (++used * 2 > keys.length) {
      grow();
    }
    return words;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[][] oldChunks = chunks;
    keys = new long[oldKeys.length * 2];
    chunks = new long[oldKeys.length * 2][];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldChunks[i] != null) {
        int slot = slot(oldKeys[i], keys.length);
        while (chunks[slot] != null) {
          slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = oldKeys[i];
        chunks[slot] = oldChunks[i];
      }
    }
  }

  /** Fibonacci hashing: chunk keys differ in a few middle bits, which this spreads over the table. */
  private static int slot(long key, int length) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(length)));
  }
}
