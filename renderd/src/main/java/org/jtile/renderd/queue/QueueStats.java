package org.jtile.renderd.queue;

import java.util.EnumMap;
import java.util.Map;
import org.jtile.metatile.TileCoord;

/**
 * A consistent snapshot of the queue's counters: what mod_tile's stats file reports, plus jtile's
 * own. Counts of renders are taken when a worker starts the job, as in mod_tile; times are summed
 * when it ends.
 */
public record QueueStats(
    Map<Priority, Integer> waiting,
    int rendering,
    Map<Priority, Long> rendered,
    Map<Priority, Long> renderMillis,
    long[] renderedByZoom,
    long[] millisByZoom,
    long dropped,
    long demoted,
    long promoted,
    long attached) {

  /** Mutable counters behind the snapshots. Guarded by the queue lock. */
  static final class Counters {
    final EnumMap<Priority, Long> rendered = zeros();
    final EnumMap<Priority, Long> renderMillis = zeros();
    final long[] renderedByZoom = new long[TileCoord.MAX_ZOOM + 1];
    final long[] millisByZoom = new long[TileCoord.MAX_ZOOM + 1];
    long dropped;
    long demoted;
    long promoted;
    long attached;

    private static EnumMap<Priority, Long> zeros() {
      EnumMap<Priority, Long> map = new EnumMap<>(Priority.class);
      for (Priority p : Priority.values()) {
        map.put(p, 0L);
      }
      return map;
    }

    QueueStats snapshot(Map<Priority, Integer> waiting, int rendering) {
      return new QueueStats(
          Map.copyOf(waiting), rendering, Map.copyOf(rendered), Map.copyOf(renderMillis),
          renderedByZoom.clone(), millisByZoom.clone(), dropped, demoted, promoted, attached);
    }
  }
}
