package org.jtile.renderd.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jtile.metatile.TileCoord;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.QueueStats;

/**
 * mod_tile's stats file, key for key and in its order (munin plugins grep these names, misspellings
 * included), written to a temporary file and renamed so a reader never sees half of it.
 */
public final class StatsFile {
  private StatsFile() {}

  public static String format(QueueStats s) {
    StringBuilder out = new StringBuilder(2048);
    line(out, "ReqQueueLength", s.waiting().get(Priority.RENDER));
    line(out, "ReqPrioQueueLength", s.waiting().get(Priority.PRIO));
    line(out, "ReqLowQueueLength", s.waiting().get(Priority.LOW));
    line(out, "ReqBulkQueueLength", s.waiting().get(Priority.BULK));
    line(out, "DirtQueueLength", s.waiting().get(Priority.DIRTY));
    line(out, "DropedRequest", s.dropped());
    line(out, "ReqRendered", s.rendered().get(Priority.RENDER));
    line(out, "TimeRendered", s.renderMillis().get(Priority.RENDER));
    line(out, "ReqPrioRendered", s.rendered().get(Priority.PRIO));
    line(out, "TimePrioRendered", s.renderMillis().get(Priority.PRIO));
    line(out, "ReqLowRendered", s.rendered().get(Priority.LOW));
    line(out, "TimeLowRendered", s.renderMillis().get(Priority.LOW));
    line(out, "ReqBulkRendered", s.rendered().get(Priority.BULK));
    line(out, "TimeBulkRendered", s.renderMillis().get(Priority.BULK));
    line(out, "DirtyRendered", s.rendered().get(Priority.DIRTY));
    line(out, "TimeDirtyRendered", s.renderMillis().get(Priority.DIRTY));
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      line(out, String.format(Locale.ROOT, "ZoomRendered%02d", z), s.renderedByZoom()[z]);
    }
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      line(out, String.format(Locale.ROOT, "TimeRenderedZoom%02d", z), s.millisByZoom()[z]);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String key, long value) {
    out.append(key).append(": ").append(value).append('\n');
  }

  /** Writes {@code <file>.tmp} and renames it to {@code file}. */
  public static void write(Path file, QueueStats stats) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, format(stats), StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
