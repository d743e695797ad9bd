package org.jtile.tools;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.jtile.metatile.MetatileCoord;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * mod_tile's render_list: renders the metatiles of a zoom range ({@code --all}, optionally limited to x/y
 * or a lat/lon box) or of the tiles listed on stdin ({@code X Y Z} lines), skipping those already fresh
 * unless {@code --force}. One request per metatile, where mod_tile sends one per listed tile.
 */
@Command(name = "render-list", mixinStandardHelpOptions = true,
    description = "Render the metatiles of a zoom range (--all) or of the tiles listed on stdin as X Y Z lines.")
final class RenderList extends ToolCommand {
  @Option(names = {"-a", "--all"}, description = "all tiles of the zoom range instead of reading stdin")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "render tiles even if they seem current")
  boolean force;

  @Option(names = {"-x", "--min-x"}, paramLabel = "X", description = "with --all: lowest tile x (one zoom only)")
  Integer minX;

  @Option(names = {"-X", "--max-x"}, paramLabel = "X", description = "with --all: highest tile x (one zoom only)")
  Integer maxX;

  @Option(names = {"-y", "--min-y"}, paramLabel = "Y", description = "with --all: lowest tile y (one zoom only)")
  Integer minY;

  @Option(names = {"-Y", "--max-y"}, paramLabel = "Y", description = "with --all: highest tile y (one zoom only)")
  Integer maxY;

  @Option(names = {"-g", "--min-lat"}, paramLabel = "LAT", description = "with --all: the box's south edge")
  Double minLat;

  @Option(names = {"-G", "--max-lat"}, paramLabel = "LAT", description = "with --all: the box's north edge")
  Double maxLat;

  @Option(names = {"-w", "--min-lon"}, paramLabel = "LON", description = "with --all: the box's west edge")
  Double minLon;

  @Option(names = {"-W", "--max-lon"}, paramLabel = "LON", description = "with --all: the box's east edge")
  Double maxLon;

  @Override
  String name() {
    return "render-list";
  }

  @Override
  void run(ToolOptions.Settings s, Summary summary) throws ToolException, IOException, InterruptedException {
    Area area = Area.of(s, minX, maxX, minY, maxY, minLat, maxLat, minLon, maxLon);
    LongAdder considered = new LongAdder();
    withStore(s, summary, true, (store, submitter) -> eachMetatile((z, x, y) -> {
          consider(store, submitter, s, summary, new MetatileCoord(z, x, y));
          considered.increment();
        }, workers -> {
          if (all) {
            summary.extent(area.metatiles(s.minZoom(), s.maxZoom()), considered::sum);
            walk(area, s, workers);
          } else {
            readStdin(s, summary, workers);
          }
        }));
  }

  private void walk(Area area, ToolOptions.Settings s, MetatileWorkers workers)
      throws IOException, ToolException, InterruptedException {
    for (int z = s.minZoom(); z <= s.maxZoom() && !interrupted(); z++) {
      int[] r = area.range(z);
      for (int y = r[2] & ~7; y <= r[3] && !interrupted(); y += 8) {
        for (int x = r[0] & ~7; x <= r[1] && !interrupted(); x += 8) {
          workers.add(z, x, y);
        }
      }
    }
  }

  private void readStdin(ToolOptions.Settings s, Summary summary, MetatileWorkers workers)
      throws IOException, ToolException, InterruptedException {
    MetatileSet seen = new MetatileSet();
    TileListReader in = new TileListReader(stdin, TileListReader.Format.RENDER_LIST);
    summary.reading(stdin.size(), in::bytesDone);
    for (TileListReader.Line line; !interrupted() && (line = next(in, workers)) != TileListReader.Line.END; ) {
      summary.lines.increment();
      if (line == TileListReader.Line.BAD) {
        badLine(summary, in);
        continue;
      }
      int z = in.z();
      int x = in.x();
      int y = in.y();
      if (z < s.minZoom() || z > s.maxZoom()) {
        if (options.verbose) {
          summary.warn("Ignoring tile, zoom " + z + " outside valid range (" + s.minZoom() + ".." + s.maxZoom() + ")");
        }
        continue;
      }
      if (seen.add(z, x, y)) {
        workers.add(z, x & ~7, y & ~7);
      }
    }
  }

  private void consider(TileStore store, Submitter submitter, ToolOptions.Settings s, Summary summary,
      MetatileCoord m) throws IOException, ToolException, InterruptedException {
    TileStat stat = stat(store, s.map(), m);
    if (force || !stat.exists() || stat.expired()) {
      summary.requested.increment();
      submitter.submit(s.map(), m);
    } else {
      summary.skipped.increment();
    }
  }
}
