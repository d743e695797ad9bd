package org.jtile.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.FrequencySketch;
import org.jtile.popularity.PopularityRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one view costs on a request thread: {@link PopularityRecord#viewed} on a record sized for 10 million
 * metatiles, over a million distinct metatiles viewed Zipf-like (a few hot, most rare), from two threads
 * at once as the frontend's pool does. Compare with a cached tile's ~40 µs of frontend CPU
 * (docs/performance/2026-12-05-edge.md).
 *
 * <p>Run: {@code bench/jmh.sh PopularityBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class PopularityBenchmark {
  private static final int KEYS = 1 << 20;

  private PopularityRecord record;
  private MetatileCoord[] views;

  @Setup(Level.Trial)
  public void setUp() {
    record = new PopularityRecord(FrequencySketch.widthFor(10_000_000), 200_000);
    SplittableRandom random = new SplittableRandom(1);
    views = new MetatileCoord[KEYS];
    for (int i = 0; i < KEYS; i++) {
      int k = (int) (KEYS * Math.pow(random.nextDouble(), 3));
      views[i] = new MetatileCoord(16, (k & 1023) * 8, (k >>> 10) * 8);
    }
  }

  /** Each thread its own walk through the views. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Math.random() * KEYS);
  }

  @Benchmark
  public void viewed(Cursor cursor) {
    record.viewed("default", views[cursor.next++ & (KEYS - 1)]);
  }

  /**
   * A view plus its share of the upkeep, which the frontend runs once a second on its own thread (about
   * every 30 000 views at a busy frontend's rate): here on one thread, every 32 768 views.
   */
  @Benchmark
  @Threads(1)
  public void viewedWithUpkeep(Cursor cursor) {
    int i = cursor.next++;
    record.viewed("default", views[i & (KEYS - 1)]);
    if ((i & 0x7FFF) == 0) {
      record.maintain();
    }
  }
}
