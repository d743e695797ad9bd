package org.jtile.bench;

import java.util.SplittableRandom;
import org.jtile.metatile.MetatileCoord;

/**
 * A generated tile access log for one region, zooms 0–16: people look at places (a few hundred, their
 * popularity Zipf-distributed, as towns' sizes are), around each place more closely the further they
 * zoom in, and now and then anywhere in the region (the long tail). Zooms follow the skew of OSM's tile
 * logs: little below 5, most between 12 and 16. The same seed gives the same trace.
 */
final class ReplayTrace {
  static final int MAX_ZOOM = 16;
  private static final int PLACES = 400;
  private static final double ZIPF_EXPONENT = 1.1;
  private static final double ANYWHERE = 0.08;
  private static final int[] ZOOM_WEIGHTS = {1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 13, 13, 12};

  /** Degrees: west, east, south, north. */
  record Region(double west, double east, double south, double north) {
    int tileX(double lon, int z) {
      return clamp((int) Math.floor((lon + 180) / 360 * (1 << z)), z);
    }

    int tileY(double lat, int z) {
      double r = Math.toRadians(lat);
      return clamp((int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z)), z);
    }

    private static int clamp(int v, int z) {
      return Math.max(0, Math.min((1 << z) - 1, v));
    }

    /** Every metatile of the region at zoom {@code z}, in order. */
    void forEachMetatile(int z, java.util.function.Consumer<MetatileCoord> each) {
      int x0 = tileX(west, z) & ~7;
      int x1 = tileX(east, z);
      int y0 = tileY(north, z) & ~7;
      int y1 = tileY(south, z);
      for (int x = x0; x <= x1; x += 8) {
        for (int y = y0; y <= y1; y += 8) {
          each.accept(new MetatileCoord(z, x, y));
        }
      }
    }
  }

  final int[] z;
  final int[] x;
  final int[] y;

  private ReplayTrace(int n) {
    z = new int[n];
    x = new int[n];
    y = new int[n];
  }

  int size() {
    return z.length;
  }

  MetatileCoord metatile(int i) {
    return MetatileCoord.containing(z[i], x[i], y[i]);
  }

  /**
   * {@code n} requests in {@code region}. The places come from {@code placeSeed} (a map's towns stay
   * where they are from one day to the next); the requests from {@code seed}.
   */
  static ReplayTrace generate(Region region, long placeSeed, long seed, int n) {
    SplittableRandom places = new SplittableRandom(placeSeed);
    double[] lon = new double[PLACES];
    double[] lat = new double[PLACES];
    double[] spread = new double[PLACES];
    double[] cumulative = new double[PLACES];
    double sum = 0;
    for (int i = 0; i < PLACES; i++) {
      lon[i] = region.west() + places.nextDouble() * (region.east() - region.west());
      lat[i] = region.south() + places.nextDouble() * (region.north() - region.south());
      spread[i] = 0.005 + 0.03 * Math.pow(places.nextDouble(), 2); // a village to a city, in degrees
      sum += 1 / Math.pow(i + 1, ZIPF_EXPONENT);
      cumulative[i] = sum;
    }
    int zoomTotal = 0;
    for (int w : ZOOM_WEIGHTS) {
      zoomTotal += w;
    }
    SplittableRandom random = new SplittableRandom(seed);
    ReplayTrace trace = new ReplayTrace(n);
    for (int r = 0; r < n; r++) {
      int zoom = pick(random.nextInt(zoomTotal));
      double lo;
      double la;
      if (random.nextDouble() < ANYWHERE) {
        lo = region.west() + random.nextDouble() * (region.east() - region.west());
        la = region.south() + random.nextDouble() * (region.north() - region.south());
      } else {
        int p = search(cumulative, random.nextDouble() * sum);
        // around the place, plus a screen or so of panning at this zoom (a tile is 360 / 2^z degrees)
        double sigma = spread[p] + 1.5 * 360.0 / (1 << zoom);
        lo = lon[p] + gaussian(random) * sigma;
        la = lat[p] + gaussian(random) * sigma * 0.7;
      }
      lo = Math.max(region.west(), Math.min(region.east(), lo));
      la = Math.max(region.south(), Math.min(region.north(), la));
      trace.z[r] = zoom;
      trace.x[r] = region.tileX(lo, zoom);
      trace.y[r] = region.tileY(la, zoom);
    }
    return trace;
  }

  private static int pick(int ticket) {
    for (int z = 0; z < ZOOM_WEIGHTS.length; z++) {
      ticket -= ZOOM_WEIGHTS[z];
      if (ticket < 0) {
        return z;
      }
    }
    return MAX_ZOOM;
  }

  private static int search(double[] cumulative, double value) {
    int i = java.util.Arrays.binarySearch(cumulative, value);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private static double gaussian(SplittableRandom random) {
    double u = Math.max(1e-12, random.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
