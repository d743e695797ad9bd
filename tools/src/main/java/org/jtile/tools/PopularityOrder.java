package org.jtile.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;
import picocli.CommandLine.Option;

/**
 * {@code --by-popularity DIR}: a tool's metatiles worked on most-viewed first, by the frontends' popularity
 * records in {@code DIR} merged, instead of in the order found. Metatiles of equal count (those nobody
 * viewed, above all) keep the order found. The metatiles are gathered first, 8 bytes each, then handed
 * out sorted.
 */
final class PopularityOrder {
  /** A record's top set is not used here, only its counts: keep it small. */
  private static final int TOP = 16;

  @Option(names = "--by-popularity", paramLabel = "DIR",
      description = "work most-viewed first, by the popularity records of jtile-frontend in DIR (its "
          + "popularity.directory); equally viewed metatiles keep the usual order")
  Path directory;

  /** Whether the metatiles are to be gathered and sorted. */
  boolean enabled() {
    return directory != null;
  }

  /** The merged records of the directory. */
  PopularityRecord load(Summary summary) throws ToolException {
    try {
      PopularityRecord merged = RecordFile.readAll(directory, TOP, summary::warn);
      if (merged == null) {
        throw new ToolException("--by-popularity: no readable popularity record (*" + RecordFile.SUFFIX + ") in "
            + directory, ToolException.OPTIONS);
      }
      return merged;
    } catch (IOException e) {
      throw new ToolException("--by-popularity: " + e.getMessage(), ToolException.OPTIONS);
    }
  }

  /** Metatiles gathered in the order found, handed out most-viewed first. */
  static final class Gathered {
    private long[] coords = new long[1024];
    private int size;

    void add(int z, int x, int y) {
      if (size == coords.length) {
        coords = Arrays.copyOf(coords, size * 2);
      }
      coords[size++] = ((long) z << 42) | ((long) x << 21) | y;
    }

    int size() {
      return size;
    }

    /** Hands {@code each} the metatiles by {@code record}'s count for {@code map}, highest first. */
    void forEachByViews(PopularityRecord record, String map, Each each)
        throws ToolException, IOException, InterruptedException {
      // count (inverted, so an ascending sort puts the most viewed first) above the index found: stable
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = ((long) (0xFFFF - record.estimate(map, coord(coords[i]))) << 40) | i;
      }
      Arrays.sort(order);
      for (long o : order) {
        MetatileCoord m = coord(coords[(int) (o & ((1L << 40) - 1))]);
        each.metatile(m.z(), m.x(), m.y());
      }
    }

    private static MetatileCoord coord(long packed) {
      int mask = (1 << 21) - 1;
      return new MetatileCoord((int) (packed >>> 42), (int) (packed >>> 21) & mask, (int) packed & mask);
    }
  }

  @FunctionalInterface
  interface Each {
    void metatile(int z, int x, int y) throws ToolException, IOException, InterruptedException;
  }
}
