package org.jtile.popularity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count-min sketch of 16-bit counters: four rows, each counter shared by the keys that hash to it, and
 * a key's count is the least of its four. Counts only ever err high, and by little for the keys that
 * matter here (the often-viewed ones). Caffeine's {@code FrequencySketch} is the model, with wider
 * counters because ordering needs counts in the thousands, not TinyLFU's 0–15.
 *
 * <p>Memory is fixed at creation: {@code 4 × width × 2} bytes whatever the number of keys.
 *
 * <p>Concurrency: {@link #increment} is lock-free (a compare-and-set per counter word) and may run on any
 * number of threads together with {@link #halve}; an increment racing a halving may land before or after
 * it, which changes a count by one view at most. {@link #merge} and the raw {@link #words()} are for a
 * sketch no other thread writes.
 */
public final class FrequencySketch {
  static final int DEPTH = 4;
  /** A counter's top: counts stop here until halved. */
  static final int MAX = 0xFFFF;
  private static final long HALVE_MASK = 0x7FFF_7FFF_7FFF_7FFFL;
  private static final long[] SEEDS = {0x97CB3127L, 0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L};
  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

  private final int widthLog2;
  private final int rowMask;
  /** Row r's counter i is the 16 bits at (i & 3) * 16 of word r * width / 4 + i / 4. */
  private final long[] words;

  /** A sketch with {@code 2^widthLog2} counters per row. */
  public FrequencySketch(int widthLog2) {
    if (widthLog2 < 4 || widthLog2 > 28) {
      throw new IllegalArgumentException("sketch width must be 2^4 to 2^28 counters: 2^" + widthLog2);
    }
    this.widthLog2 = widthLog2;
    this.rowMask = (1 << widthLog2) - 1;
    this.words = new long[DEPTH << (widthLog2 - 2)];
  }

  /**
   * The width (log2) for about {@code keys} distinct keys: a quarter as many counters a row, so two bytes
   * a key over the four rows, and the often-viewed keys (the ones that matter) still counted closely.
   */
  public static int widthFor(long keys) {
    long counters = Math.max(16, keys / 4);
    return Math.min(28, 64 - Long.numberOfLeadingZeros(counters - 1));
  }

  public int widthLog2() {
    return widthLog2;
  }

  /** The bytes the counters take. */
  public long bytes() {
    return words.length * 8L;
  }

  /** The count of {@code key}: never below the increments since the last halving, a little above at worst. */
  public int estimate(long key) {
    int least = MAX;
    for (int row = 0; row < DEPTH; row++) {
      least = Math.min(least, counter(index(key, row)));
    }
    return least;
  }

  /**
   * Counts one more of {@code key}, raising only the counters at its least (conservative update: keys
   * sharing a counter inflate each other less). Returns the new estimate; {@value #MAX} means saturated,
   * time for a {@link #halve}.
   */
  public int increment(long key) {
    int[] slots = new int[DEPTH];
    int least = MAX;
    for (int row = 0; row < DEPTH; row++) {
      slots[row] = index(key, row);
      least = Math.min(least, counter(slots[row]));
    }
    if (least == MAX) {
      return MAX;
    }
    for (int row = 0; row < DEPTH; row++) {
      raiseTo(slots[row], least + 1);
    }
    return least + 1;
  }

  /** Halves every count: old views weigh half as much as new ones after each call. */
  public void halve() {
    for (int i = 0; i < words.length; i++) {
      long word;
      do {
        word = (long) WORDS.getVolatile(words, i);
      } while (word != 0 && !WORDS.compareAndSet(words, i, word, (word >>> 1) & HALVE_MASK));
    }
  }

  /** Adds {@code other}'s counts to these (saturating): the counts of both streams of views together. */
  public void merge(FrequencySketch other) {
    if (other.widthLog2 != widthLog2) {
      throw new IllegalArgumentException("sketch widths differ: 2^" + other.widthLog2 + " and 2^" + widthLog2);
    }
    for (int i = 0; i < words.length; i++) {
      long sum = 0;
      for (int lane = 0; lane < 64; lane += 16) {
        long a = (words[i] >>> lane) & MAX;
        long b = (other.words[i] >>> lane) & MAX;
        sum |= Math.min(MAX, a + b) << lane;
      }
      words[i] = sum;
    }
  }

  /** The counter words, for writing to a file; the caller must not change them. */
  long[] words() {
    return words;
  }

  private int index(long key, int row) {
    long h = (key + SEEDS[row]) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (row << widthLog2) | ((int) h & rowMask);
  }

  private int counter(int slot) {
    long word = (long) WORDS.getOpaque(words, slot >>> 2);
    return (int) (word >>> ((slot & 3) << 4)) & MAX;
  }

  private void raiseTo(int slot, int value) {
    int i = slot >>> 2;
    int shift = (slot & 3) << 4;
    long word;
    long next;
    do {
      word = (long) WORDS.getVolatile(words, i);
      long current = (word >>> shift) & MAX;
      if (current >= value) {
        return;
      }
      next = (word & ~((long) MAX << shift)) | ((long) value << shift);
    } while (!WORDS.compareAndSet(words, i, word, next));
  }
}
