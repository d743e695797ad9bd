package org.jtile.tools;

import java.io.IOException;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * mod_tile's render_expired: reads an osm2pgsql expire list ({@code z/x/y} lines), takes each tile to the
 * max zoom (the top-left child below it, its parent above) and from there down to the min zoom marks
 * each metatile once — deleting it ({@code --delete-from}), back-dating it ({@code --touch-from}) or
 * asking renderd to re-render it. Stops a line at the first metatile already handled, as mod_tile.
 *
 * <p>With {@code --by-popularity} the metatiles are gathered first and handled most-viewed first.
 *
 * <p>Memory is a bit per metatile of the area the list touches ({@link MetatileSet}), so lists of millions
 * of lines run in a small, bounded heap.
 */
@Command(name = "render-expired", mixinStandardHelpOptions = true,
    description = "Expire (re-render, touch or delete) the metatiles of an osm2pgsql expire list read from stdin "
        + "as z/x/y lines.")
final class RenderExpired extends ToolCommand {
  /** The lowest zoom worked on: below it one metatile covers the world's 8x8 tiles anyway. */
  static final int LOWEST_ZOOM = 3;

  @Option(names = {"-d", "--delete-from"}, paramLabel = "ZOOM",
      description = "delete metatiles of this zoom or higher instead of re-rendering them")
  Integer deleteFrom;

  @Option(names = {"-T", "--touch-from"}, paramLabel = "ZOOM",
      description = "back-date metatiles of this zoom or higher (served stale, re-rendered when viewed) instead of "
          + "re-rendering them")
  Integer touchFrom;

  @Mixin PopularityOrder byPopularity;

  @Override
  String name() {
    return "render-expired";
  }

  @Override
  void run(ToolOptions.Settings s, Summary summary) throws ToolException, IOException, InterruptedException {
    int min = s.minZoom();
    if (min < LOWEST_ZOOM) {
      if (options.verbose) {
        summary.warn("Raising --min-zoom from '" + min + "' to '" + LOWEST_ZOOM + "'");
      }
      min = LOWEST_ZOOM;
    }
    int max = Math.max(min, s.maxZoom());
    // renders only below both thresholds; renderd is not needed (nor asked) when every zoom is touched or deleted
    int firstNotRendered = Math.min(deleteFrom != null ? deleteFrom : Integer.MAX_VALUE,
        touchFrom != null ? touchFrom : Integer.MAX_VALUE);
    boolean rendering = min < firstNotRendered;
    int lowest = min;
    withStore(s, summary, rendering, (store, submitter) -> expire(store, submitter, s, summary, lowest, max));
  }

  private void expire(TileStore store, Submitter submitter, ToolOptions.Settings s, Summary summary, int min, int max)
      throws IOException, ToolException, InterruptedException {
    PopularityRecord views = byPopularity.enabled() ? byPopularity.load(summary) : null;
    PopularityOrder.Gathered gathered = new PopularityOrder.Gathered();
    MetatileSet seen = new MetatileSet();
    TileListReader in = new TileListReader(stdin, TileListReader.Format.EXPIRE_LIST);
    summary.reading(stdin.size(), in::bytesDone);
    eachMetatile((z, x, y) -> handle(store, submitter, s, summary, new MetatileCoord(z, x, y)), workers -> {
      TileListReader.Line line;
      while (!interrupted() && (line = next(in, workers)) != TileListReader.Line.END) {
        summary.lines.increment();
        if (line == TileListReader.Line.BAD) {
          badLine(summary, in);
          continue;
        }
        int z = in.z();
        long x = in.x();
        long y = in.y();
        x = z > max ? x >> (z - max) : x << (max - z);
        y = z > max ? y >> (z - max) : y << (max - z);
        for (int zz = max; zz >= min; zz--) {
          int tx = (int) (x >> (max - zz)) & ~7;
          int ty = (int) (y >> (max - zz)) & ~7;
          if (!seen.add(zz, tx, ty)) {
            break;
          }
          if (views != null) {
            gathered.add(zz, tx, ty);
          } else {
            workers.add(zz, tx, ty);
          }
        }
      }
      if (views != null && !interrupted()) {
        gathered.forEachByViews(views, s.map(), workers::add);
      }
    });
  }

  /**
   * One metatile, as mod_tile: missing ones are skipped; the rest deleted, touched or re-rendered. Each
   * asks the store once where it can (a delete or touch of a missing metatile says so), not stat first.
   */
  private void handle(TileStore store, Submitter submitter, ToolOptions.Settings s, Summary summary, MetatileCoord m)
      throws IOException, ToolException, InterruptedException {
    MetatileKey key = new MetatileKey(s.map(), "", m);
    boolean exists;
    if (deleteFrom != null && m.z() >= deleteFrom) {
      exists = store.delete(key);
      if (exists) {
        summary.deleted.increment();
      }
    } else if (touchFrom != null && m.z() >= touchFrom) {
      exists = store.expire(key);
      if (exists) {
        summary.touched.increment();
      }
    } else {
      exists = store.exists(key);
      if (exists && submitter != null) {
        summary.requested.increment();
        submitter.submit(s.map(), m);
      }
    }
    if (!exists) {
      summary.skipped.increment();
    }
  }
}
