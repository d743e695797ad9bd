package org.jtile.tools;

import java.io.PrintStream;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.jtile.metatile.TileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderdAddress;

/**
 * What a run did, counted from the reading thread and the workers at once: requests and their answers,
 * render times per zoom (min/avg/max as mod_tile prints them), and the tool's own counts (lines read,
 * bad lines, skipped, touched, deleted). Prints progress lines and the final summary.
 */
final class Summary {
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  final LongAdder lines = new LongAdder();
  final LongAdder badLines = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder touched = new LongAdder();
  final LongAdder deleted = new LongAdder();
  final LongAdder requested = new LongAdder();
  private final LongAdder done = new LongAdder();
  private final LongAdder notDone = new LongAdder();
  private final ZoomTimes[] zooms = new ZoomTimes[TileCoord.MAX_ZOOM + 1];

  /** Render times of one zoom; guarded by itself. */
  private static final class ZoomTimes {
    long count;
    long totalNanos;
    long minNanos = Long.MAX_VALUE;
    long maxNanos;
  }

  Summary(PrintStream out) {
    this.out = out;
    for (int z = 0; z < zooms.length; z++) {
      zooms[z] = new ZoomTimes();
    }
  }

  void answered(int z, Command answer, long nanos) {
    (answer == Command.DONE ? done : notDone).increment();
    ZoomTimes t = zooms[z];
    synchronized (t) {
      t.count++;
      t.totalNanos += nanos;
      t.minNanos = Math.min(t.minNanos, nanos);
      t.maxNanos = Math.max(t.maxNanos, nanos);
    }
  }

  void reconnecting(SocketAddress address, String why, long waitMillis) {
    out.printf(Locale.ROOT, "renderd at %s: %s; reconnecting in %.1f s%n", RenderdAddress.describe(address), why,
        waitMillis / 1000.0);
  }

  void waitingForLoad(String why) {
    out.println("waiting: " + why);
  }

  long answeredCount() {
    return done.sum() + notDone.sum();
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** One progress line: what was read, sent and answered, and the rate. */
  String progress(String tool, long total) {
    double s = Math.max(seconds(), 1e-3);
    long answered = answeredCount();
    String eta = "";
    if (total > 0 && answered > 0) {
      double left = (total - lines.sum()) / Math.max(lines.sum() / s, 1e-9);
      eta = String.format(Locale.ROOT, ", ETA %.0f s", left);
    }
    return String.format(Locale.ROOT, "%s: %d lines, %d requests, %d answered (%.1f/s)%s", tool, lines.sum(),
        requested.sum(), answered, answered / s, eta);
  }

  /** The closing summary, with mod_tile's per-zoom table. */
  void print(String tool, boolean interrupted) {
    double s = seconds();
    out.println();
    if (interrupted) {
      out.println(tool + ": interrupted; what was done so far:");
    }
    out.printf(Locale.ROOT, "Total lines read: %d (%d bad)%n", lines.sum(), badLines.sum());
    out.printf(Locale.ROOT, "Total metatiles requested: %d, done: %d, not done: %d, skipped: %d%n",
        requested.sum(), done.sum(), notDone.sum(), skipped.sum());
    if (touched.sum() > 0 || deleted.sum() > 0) {
      out.printf(Locale.ROOT, "Total metatiles touched: %d, deleted: %d%n", touched.sum(), deleted.sum());
    }
    out.printf(Locale.ROOT, "\t%d in %.2f seconds (%.2f/s)%n", answeredCount(), s, answeredCount() / Math.max(s, 1e-3));
    for (int z = 0; z < zooms.length; z++) {
      ZoomTimes t = zooms[z];
      synchronized (t) {
        if (t.count > 0) {
          out.printf(Locale.ROOT,
              "Zoom %02d: min: %4.1f    avg: %4.1f     max: %4.1f     over a total of %8.1fs in %d requests%n", z,
              t.minNanos / 1e9, t.totalNanos / 1e9 / t.count, t.maxNanos / 1e9, t.totalNanos / 1e9, t.count);
        }
      }
    }
  }
}
