package org.jtile.config;

/**
 * Render queue limits and fairness.
 *
 * @param requestLimit most waiting items per request class (Prio, Render, Low, Bulk); mod_tile: 256
 * @param dirtyLimit most waiting items in the dirty class; mod_tile: 8000
 * @param lowerClassShare the least share of renders a waiting lower class gets while higher classes
 *     are busy; 0 is mod_tile's strict priority
 */
public record QueueConfig(int requestLimit, int dirtyLimit, double lowerClassShare) {
  public static final QueueConfig DEFAULT = new QueueConfig(256, 8000, 0.05);

  /**
   * How many turns in a row a waiting class may be passed over before it is served: the lower-class share
   * as a count (19 for 5 %), unbounded for strict priority.
   */
  public int maxSkips() {
    return lowerClassShare == 0 ? Integer.MAX_VALUE : (int) Math.ceil(1 / lowerClassShare) - 1;
  }

  public QueueConfig {
    if (requestLimit < 1) {
      throw new IllegalArgumentException("request queue limit must be >= 1: " + requestLimit);
    }
    if (dirtyLimit < 0) {
      throw new IllegalArgumentException("dirty queue limit must be >= 0: " + dirtyLimit);
    }
    if (!(lowerClassShare >= 0 && lowerClassShare <= 0.5)) {
      throw new IllegalArgumentException("lower class share must be in [0, 0.5]: " + lowerClassShare);
    }
  }
}
