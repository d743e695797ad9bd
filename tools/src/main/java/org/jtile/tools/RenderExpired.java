package org.jtile.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.TileCoord;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * mod_tile's render_expired: reads an osm2pgsql expire list ({@code z/x/y} lines), takes each tile to the
 * max zoom (the top-left child below it, its parent above) and from there down to the min zoom marks
 * each metatile once — deleting it ({@code --delete-from}), back-dating it ({@code --touch-from}) or
 * asking renderd to re-render it. Stops a line at the first metatile already handled, as mod_tile.
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

  @Override
  String name() {
    return "render-expired";
  }

  @Override
  void run(ToolOptions.Settings s, Summary summary) throws ToolException, IOException, InterruptedException {
    int min = s.minZoom();
    if (min < LOWEST_ZOOM) {
      if (options.verbose) {
        System.err.printf("Raising --min-zoom from '%d' to '%d'%n", min, LOWEST_ZOOM);
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
    MetatileSet seen = new MetatileSet();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 16);
    long number = 0;
    for (String line; !interrupted() && (line = in.readLine()) != null; ) {
      number++;
      summary.lines.increment();
      int[] tile = parse(line);
      if (tile == null) {
        badLine(summary, number, line, "not z/x/y");
        continue;
      }
      int z = tile[0];
      long x = tile[1];
      long y = tile[2];
      x = z > max ? x >> (z - max) : x << (max - z);
      y = z > max ? y >> (z - max) : y << (max - z);
      for (int zz = max; zz >= min; zz--) {
        int tx = (int) (x >> (max - zz));
        int ty = (int) (y >> (max - zz));
        if (!seen.add(zz, tx, ty)) {
          break;
        }
        handle(store, submitter, s, summary, MetatileCoord.containing(zz, tx, ty));
      }
    }
  }

  private void handle(TileStore store, Submitter submitter, ToolOptions.Settings s, Summary summary, MetatileCoord m)
      throws IOException, ToolException, InterruptedException {
    TileStat stat = stat(store, s.map(), m);
    if (!stat.exists()) {
      summary.skipped.increment();
      return;
    }
    MetatileKey key = new MetatileKey(s.map(), "", m);
    if (deleteFrom != null && m.z() >= deleteFrom) {
      if (store.delete(key)) {
        summary.deleted.increment();
      }
    } else if (touchFrom != null && m.z() >= touchFrom) {
      if (store.expire(key)) {
        summary.touched.increment();
      }
    } else if (submitter != null) {
      summary.requested.increment();
      submitter.submit(s.map(), m);
    }
  }

  /** {z, x, y} of a {@code z/x/y} line, or null if it is not a tile. */
  static int[] parse(String line) {
    int first = line.indexOf('/');
    int second = first < 0 ? -1 : line.indexOf('/', first + 1);
    if (second < 0) {
      return null;
    }
    int z = TileCoord.parseDecimal(line.substring(0, first).trim(), TileCoord.MAX_ZOOM);
    if (z < 0) {
      return null;
    }
    int n = TileCoord.tilesPerAxis(z);
    int x = TileCoord.parseDecimal(line.substring(first + 1, second).trim(), n - 1);
    int y = TileCoord.parseDecimal(line.substring(second + 1).trim(), n - 1);
    return x < 0 || y < 0 ? null : new int[] {z, x, y};
  }
}
