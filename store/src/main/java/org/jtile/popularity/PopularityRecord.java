package org.jtile.popularity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.jtile.metatile.MetatileCoord;

/**
 * Views per metatile of each layer, in bounded memory: every view counts in a {@link FrequencySketch}
 * (any metatile's estimate), and the most-viewed metatiles are kept by name in a top set of bounded size,
 * so the ones worth re-rendering first can be listed without walking the cache.
 *
 * <p>A view costs a hash lookup of the layer and a sketch increment; only when a metatile's count reaches
 * the top set's entry bar, or a power of two above it, is it offered to the top set, through a bounded
 * queue that drops offers when full (a dropped one is offered again at the next power of two). {@link
 * #maintain} moves the offers in and trims the set back to its size by estimate.
 *
 * <p>Concurrency: {@link #viewed} and {@link #estimate} run on any thread, lock-free. The top set, the
 * total before the last halving and the entry bar are guarded by this object's monitor ({@link #maintain},
 * {@link #halve}, {@link #ranked}, {@link #merge}, {@link #topKeys}).
 */
public final class PopularityRecord {
  /** Bits of a top-set key: layer ordinal, zoom, metatile column, metatile row (mod_tile's MAX_ZOOM is 20). */
  private static final int AXIS_BITS = 17;
  private static final int ZOOM_BITS = 5;
  private static final long AXIS_MASK = (1L << AXIS_BITS) - 1;
  private static final int MAX_LAYERS = 1 << 12;

  private final FrequencySketch sketch;
  private final int topCapacity;
  /** Layer names by ordinal, append-only: a top-set key holds the ordinal. */
  private final List<String> layers = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> ordinals = new ConcurrentHashMap<>();
  private final ArrayBlockingQueue<Long> offers;
  private final LongAdder recentViews = new LongAdder();

  // guarded by this
  private final Set<Long> top = new HashSet<>();
  private long olderViews;
  /** Read without the lock on the view path; a stale bar only lets an offer more or less through. */
  private volatile int entryBar = 1;
  /** Set when a count reached its counter's top: {@link #maintain} then halves early, as TinyLFU resets. */
  private volatile boolean saturated;
  /** When the counts were last halved by age, in epoch milliseconds; 0 until the first {@link #decayIfDue}. */
  private long decayedAt;

  /**
   * @param widthLog2 the sketch's counters per row, as a power of two ({@link FrequencySketch#widthFor})
   * @param topCapacity how many most-viewed metatiles are kept by name (up to a quarter more between trims)
   */
  public PopularityRecord(int widthLog2, int topCapacity) {
    if (topCapacity < 1) {
      throw new IllegalArgumentException("top capacity must be positive: " + topCapacity);
    }
    this.sketch = new FrequencySketch(widthLog2);
    this.topCapacity = topCapacity;
    this.offers = new ArrayBlockingQueue<>(Math.min(65_536, Math.max(1024, topCapacity / 4)));
  }

  /** Counts a view of metatile {@code m} of {@code layer}. */
  public void viewed(String layer, MetatileCoord m) {
    int ordinal = ordinal(layer);
    recentViews.increment();
    int count = sketch.increment(sketchKey(layer, m));
    if (count == FrequencySketch.MAX) {
      saturated = true;
    }
    int bar = entryBar;
    if (count >= bar && (count == bar || (count & (count - 1)) == 0)) {
      offers.offer(topKey(ordinal, m));
    }
  }

  /** The estimated (decayed) views of {@code m} of {@code layer}. */
  public int estimate(String layer, MetatileCoord m) {
    return sketch.estimate(sketchKey(layer, m));
  }

  /** All views counted, decayed like the counts. */
  public long totalViews() {
    long recent = recentViews.sum();
    synchronized (this) {
      return olderViews + recent;
    }
  }

  /** Metatiles in the top set now. */
  public synchronized int topSize() {
    return top.size();
  }

  public int topCapacity() {
    return topCapacity;
  }

  public int widthLog2() {
    return sketch.widthLog2();
  }

  /** The memory the counts take, for the metrics. */
  public long sketchBytes() {
    return sketch.bytes();
  }

  /**
   * Moves the offered metatiles into the top set and trims it to its capacity by estimate; halves the
   * counts early if one saturated.
   */
  public synchronized void maintain() {
    if (saturated) {
      saturated = false;
      halve();
    }
    Long key;
    while ((key = offers.poll()) != null) {
      top.add(key);
    }
    // a quarter's slack: trimming costs an estimate per member, so it is done now and then, not each second
    if (top.size() > topCapacity + topCapacity / 4) {
      trim();
    }
  }

  /**
   * Halves the counts once per {@code halfLife} passed since the last time (at most 16 times: by then
   * every count is 0), so views a half-life ago weigh half as much as today's, across restarts too.
   * Returns the halvings done.
   */
  public synchronized int decayIfDue(Instant now, Duration halfLife) {
    long nowMillis = now.toEpochMilli();
    long period = Math.max(1, halfLife.toMillis());
    if (decayedAt == 0 || decayedAt > nowMillis) {
      decayedAt = nowMillis;
      return 0;
    }
    long due = (nowMillis - decayedAt) / period;
    for (int i = 0; i < Math.min(16, due); i++) {
      halve();
    }
    decayedAt += due * period;
    return (int) Math.min(16, due);
  }

  synchronized long decayedAt() {
    return decayedAt;
  }

  /** Halves every count (and the total): views a half-life ago weigh half. */
  public synchronized void halve() {
    sketch.halve();
    olderViews = (olderViews + recentViews.sumThenReset()) / 2;
    entryBar = Math.max(1, entryBar / 2);
    top.removeIf(key -> sketch.estimate(sketchKey(key)) == 0);
  }

  /** The {@code topCapacity} most viewed of the top set, most-viewed first (ties in key order: stable). */
  public synchronized List<Ranked> ranked() {
    List<long[]> scored = new ArrayList<>(top.size());
    for (long key : top) {
      scored.add(new long[] {key, sketch.estimate(sketchKey(key))});
    }
    scored.sort(Comparator.<long[]>comparingLong(s -> -s[1]).thenComparingLong(s -> s[0]));
    List<Ranked> ranked = new ArrayList<>(Math.min(topCapacity, scored.size()));
    for (long[] s : scored.subList(0, Math.min(topCapacity, scored.size()))) {
      ranked.add(new Ranked(layers.get(ordinalOf(s[0])), coordOf(s[0]), (int) s[1]));
    }
    return ranked;
  }

  /**
   * Adds {@code other}'s views to these: counts, total and top set (its layers matched by name). For a
   * record nobody is counting into, such as one built to merge several frontends' files.
   */
  public synchronized void merge(PopularityRecord other) {
    sketch.merge(other.sketch);
    olderViews += other.totalViews();
    for (Ranked r : other.ranked()) {
      top.add(topKey(ordinal(r.layer()), r.coord()));
    }
    if (top.size() > topCapacity) {
      trim();
    }
  }

  /** A record of the same size holding these views now: to merge others into without changing this one. */
  public PopularityRecord copy() {
    PopularityRecord copy = new PopularityRecord(widthLog2(), topCapacity);
    copy.merge(this);
    return copy;
  }

  /** The layer names by ordinal, for a {@link RecordFile}. */
  List<String> layers() {
    return List.copyOf(layers);
  }

  synchronized long[] topKeys() {
    return top.stream().mapToLong(Long::longValue).toArray();
  }

  FrequencySketch sketch() {
    return sketch;
  }

  /** Restores what a {@link RecordFile} held; only on a new record, before it is shared. */
  synchronized void restore(List<String> layerNames, long[] topKeys, long total, long decayedAt) {
    this.decayedAt = decayedAt;
    for (String layer : layerNames) {
      ordinal(layer);
    }
    for (long key : topKeys) {
      if (valid(key)) {
        top.add(key);
      }
    }
    olderViews = total;
    if (top.size() > topCapacity) {
      trim();
    }
  }

  /**
   * Keeps the {@code topCapacity} highest estimates and raises the entry bar above the lowest kept: a
   * newcomer must beat it, or the many metatiles tied at a low count would churn through the set.
   */
  private void trim() {
    long[] keys = topKeys();
    int[] counts = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      counts[i] = sketch.estimate(sketchKey(keys[i]));
    }
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    int bar = sorted[sorted.length - topCapacity];
    int atBar = topCapacity - (int) Arrays.stream(sorted).filter(c -> c > bar).count();
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] < bar || counts[i] == bar && atBar-- <= 0) {
        top.remove(keys[i]);
      }
    }
    entryBar = bar + 1;
  }

  private boolean valid(long topKey) {
    if (topKey < 0 || ordinalOf(topKey) >= layers.size()) {
      return false;
    }
    try {
      coordOf(topKey);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private int ordinal(String layer) {
    Integer known = ordinals.get(layer);
    if (known != null) {
      return known;
    }
    synchronized (layers) {
      return ordinals.computeIfAbsent(layer, name -> {
        if (layers.size() >= MAX_LAYERS) {
          throw new IllegalStateException("more than " + MAX_LAYERS + " layers counted");
        }
        layers.add(name);
        return layers.size() - 1;
      });
    }
  }

  /** The sketch's key: the layer by name (not ordinal), so records with other layer orders merge. */
  private static long sketchKey(String layer, MetatileCoord m) {
    return layer.hashCode() * 0x9E3779B97F4A7C15L + coordBits(m);
  }

  private long sketchKey(long topKey) {
    return layers.get(ordinalOf(topKey)).hashCode() * 0x9E3779B97F4A7C15L + (topKey & coordMask());
  }

  private static long coordBits(MetatileCoord m) {
    return ((long) m.z() << (2 * AXIS_BITS)) | ((long) (m.x() >>> 3) << AXIS_BITS) | (m.y() >>> 3);
  }

  private static long coordMask() {
    return (1L << (2 * AXIS_BITS + ZOOM_BITS)) - 1;
  }

  private static long topKey(int ordinal, MetatileCoord m) {
    return ((long) ordinal << (2 * AXIS_BITS + ZOOM_BITS)) | coordBits(m);
  }

  private static int ordinalOf(long topKey) {
    return (int) (topKey >>> (2 * AXIS_BITS + ZOOM_BITS));
  }

  private static MetatileCoord coordOf(long topKey) {
    int z = (int) (topKey >>> (2 * AXIS_BITS)) & ((1 << ZOOM_BITS) - 1);
    int x = (int) ((topKey >>> AXIS_BITS) & AXIS_MASK) << 3;
    int y = (int) (topKey & AXIS_MASK) << 3;
    return new MetatileCoord(z, x, y);
  }
}
