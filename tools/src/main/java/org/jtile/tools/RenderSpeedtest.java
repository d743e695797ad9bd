package org.jtile.tools;

import java.io.IOException;
import org.jtile.metatile.MetatileCoord;
import picocli.CommandLine.Command;

/**
 * mod_tile's render_speedtest: renders the metatiles over a fixed area (London, lon -0.5..0.5, lat
 * 51.25..51.75) zoom by zoom, waiting for each zoom to finish, and prints tiles per second.
 */
@Command(name = "render-speedtest", mixinStandardHelpOptions = true,
    description = "Render a fixed area zoom by zoom and print the tiles rendered per second.")
final class RenderSpeedtest extends ToolCommand {
  private static final double[] AREA = {51.25, 51.75, -0.5, 0.5};

  @Override
  String name() {
    return "render-speedtest";
  }

  @Override
  void run(ToolOptions.Settings s, Summary summary) throws ToolException, IOException, InterruptedException {
    Submitter first = connect(s, summary);
    out.println("Initial startup costs");
    summary.requested.increment();
    first.submit(s.map(), new MetatileCoord(0, 0, 0));
    finish(first);
    Area area = Area.of(s, null, null, null, null, AREA[0], AREA[1], AREA[2], AREA[3]);
    summary.extent(1 + area.metatiles(s.minZoom(), s.maxZoom()), summary.requested::sum);
    for (int z = s.minZoom(); z <= s.maxZoom() && !interrupted(); z++) {
      int[] r = area.range(z);
      long tiles = (long) (r[1] - r[0] + 1) * (r[3] - r[2] + 1);
      out.println("Zoom(" + z + ") Now rendering " + tiles + " tiles");
      long start = System.nanoTime();
      Submitter zoom = connect(s, summary);
      try {
        for (int y = r[2] & ~7; y <= r[3] && !interrupted(); y += 8) {
          for (int x = r[0] & ~7; x <= r[1] && !interrupted(); x += 8) {
            summary.requested.increment();
            zoom.submit(s.map(), MetatileCoord.containing(z, x, y));
          }
        }
      } finally {
        finish(zoom);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println("Rendered " + tiles + " tiles in " + Summary.fixed(seconds, 2, 0) + " seconds ("
          + Summary.fixed(tiles / seconds, 2, 0) + " tiles/s)");
    }
  }
}
