package org.jtile.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.FrequencySketch;
import org.jtile.popularity.PopularityRecord;
import org.openjdk.jol.info.GraphLayout;

/**
 * The popularity record's heap for N distinct metatiles (default 10 million), walked by JOL: sized as the
 * frontend sizes it ({@code popularity.metatiles} = N, {@code top} = 200 000), every metatile viewed once
 * and a skewed few many times more, so the top set is full.
 *
 * <p>Run: {@code bench/run.sh PopularityMemory [metatiles]}
 */
public final class PopularityMemory {
  private PopularityMemory() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    PopularityRecord record = new PopularityRecord(FrequencySketch.widthFor(n), 200_000);
    long empty = GraphLayout.parseInstance(record).totalSize();
    int across = 1 << 13; // metatiles per axis at zoom 16
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      record.viewed("default", new MetatileCoord(16, (i % across) * 8, (i / across) * 8));
      for (int k = random.nextInt(100) == 0 ? 50 : 0; k > 0; k--) {
        int j = (int) Math.min(n - 1, (long) (n * Math.pow(random.nextDouble(), 4)));
        record.viewed("default", new MetatileCoord(16, (j % across) * 8, (j / across) * 8));
      }
      if (i % 10_000 == 0) {
        record.maintain();
      }
    }
    record.maintain();
    long full = GraphLayout.parseInstance(record).totalSize();
    System.out.printf(Locale.ROOT, "popularity record, %d distinct metatiles, %d views: %.1f MiB (counts %.1f MiB, "
        + "top set of %d %.1f MiB); empty %.1f MiB%n", n, record.totalViews(), full / 1048576.0,
        record.sketchBytes() / 1048576.0, record.topSize(), (full - empty) / 1048576.0, empty / 1048576.0);
  }
}
