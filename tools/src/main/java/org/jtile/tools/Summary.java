package org.jtile.tools;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.SocketAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jtile.metatile.TileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderdAddress;

/**
 * What a run did, counted from the reading thread and the workers at once: requests and their answers,
 * render times per zoom (min/avg/max as mod_tile prints them), and the tool's own counts (lines read,
 * bad lines, skipped, touched, deleted). Prints the run's messages, its progress and the final summary.
 */
final class Summary {
  private static final int BAR_WIDTH = 20;
  /** Back to the line's start, and erase it: the terminal line the bar was on. */
  private static final String ERASE_LINE = "\r\033[K";

  /** The summary, and the notes on renderd: unreachable, or too busy. */
  private final PrintStream out;
  /** The progress, and what is wrong with the input. */
  private final PrintStream err;
  /** Guarded by this: whether the progress bar is on {@link #err}'s last line, to be erased first. */
  private boolean barShown;
  private final LongSupplier nanoTime;
  private final long startNanos;
  final LongAdder lines = new LongAdder();
  final LongAdder badLines = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder touched = new LongAdder();
  final LongAdder deleted = new LongAdder();
  final LongAdder requested = new LongAdder();
  private final LongAdder done = new LongAdder();
  private final LongAdder notDone = new LongAdder();
  private final ZoomTimes[] zooms = new ZoomTimes[TileCoord.MAX_ZOOM + 1];
  /** Whether the run reads a list, so its lines are reported. */
  private volatile boolean list;
  /** The run's extent for the share done and the ETA, in the tool's unit; 0 when not known. */
  private volatile long total;
  private volatile LongSupplier progressed = () -> 0;

  /** Render times of one zoom; guarded by itself. */
  private static final class ZoomTimes {
    long count;
    long totalNanos;
    long minNanos = Long.MAX_VALUE;
    long maxNanos;
  }

  Summary(PrintStream out, PrintStream err) {
    this(out, err, System::nanoTime);
  }

  /** With the clock the rates and the ETA are measured by. */
  Summary(PrintStream out, PrintStream err, LongSupplier nanoTime) {
    this.out = out;
    this.err = err;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
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
    say(out, "renderd at " + RenderdAddress.describe(address) + ": " + why + "; reconnecting in "
        + fixed(waitMillis / 1000.0, 1, 0) + " s");
  }

  void waitingForLoad(String why) {
    say(out, "waiting: " + why);
  }

  /** Something wrong with the input, skipped: a bad line, a directory that cannot be read. */
  void warn(String line) {
    say(err, line);
  }

  /** The progress as a bar, over the one before. */
  synchronized void showBar(String text) {
    err.print(ERASE_LINE + text);
    err.flush();
    barShown = true;
  }

  /** The progress as a line of its own. */
  void showLine(String text) {
    say(err, text);
  }

  /** Erases the bar, if shown: the run's end, or a message to print in its place (the next one redraws it). */
  synchronized void eraseBar() {
    if (barShown) {
      err.print(ERASE_LINE);
      err.flush();
      barShown = false;
    }
  }

  /**
   * Prints {@code line} on a line of its own: not after the bar, when {@code to} is the terminal too, nor
   * between its characters when {@code to} is another (both go to the terminal's one screen).
   */
  private synchronized void say(PrintStream to, String line) {
    eraseBar();
    to.println(line);
    to.flush();
  }

  long answeredCount() {
    return done.sum() + notDone.sum();
  }

  double seconds() {
    return (nanoTime.getAsLong() - startNanos) / 1e9;
  }

  /** The run reads a list of {@code size} bytes (0: not known) from stdin: its lines are reported too. */
  void reading(long size, LongSupplier bytesDone) {
    list = true;
    extent(size, bytesDone);
  }

  /** The run's extent: {@code progressed} counts up to {@code total} (bytes, metatiles: the tool's unit). */
  void extent(long total, LongSupplier progressed) {
    this.progressed = progressed;
    this.total = total;
  }

  /**
   * One progress report. As a bar (rewritten in place on a terminal, so it stays short): the share done,
   * the ETA and the answers; as a line of its own (a log, a cron mail): all the counts.
   */
  String progress(String tool, boolean bar) {
    double s = Math.max(seconds(), 1e-3);
    long answered = answeredCount();
    long extent = total;
    double share = extent > 0 ? Math.min(1, (double) progressed.getAsLong() / extent) : -1;
    long asked = requested.sum();
    if (share > 0 && asked > 0) {
      // The input is read, and the metatiles walked, ahead of renderd's answers (a whole expire list's can
      // be queued before the first render ends): the share read is scaled by the share of its requests
      // answered.
      share *= (double) answered / asked;
    }
    String eta = share > 0 ? duration(s * (1 - share) / share) : "-";
    int percent = (int) (share * 100);
    String work = work(answered / s);
    if (bar) {
      if (share < 0) {
        return tool + "  " + (list ? lines.sum() + " lines  " : "") + work;
      }
      int filled = (int) (share * BAR_WIDTH);
      return tool + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
          + padded(Integer.toString(percent), 3) + "%  ETA " + eta + "  " + work;
    }
    return tool + ": " + (share >= 0 ? percent + "% (ETA " + eta + "), " : "")
        + (list ? lines.sum() + " lines, " : "") + work;
  }

  /** Requests answered, and metatiles touched and deleted when there are any. */
  private String work(double answeredPerSecond) {
    long asked = requested.sum();
    long touches = touched.sum();
    long deletes = deleted.sum();
    StringBuilder work = new StringBuilder();
    if (asked > 0 || touches + deletes == 0) {
      work.append(answeredCount()).append('/').append(asked).append(" answered (")
          .append(fixed(answeredPerSecond, 0, 0)).append("/s)");
    }
    if (touches > 0) {
      work.append(work.length() > 0 ? ", " : "").append(touches).append(" touched");
    }
    if (deletes > 0) {
      work.append(work.length() > 0 ? ", " : "").append(deletes).append(" deleted");
    }
    return work.toString();
  }

  /** {@code seconds} as h:mm:ss, or m:ss under an hour. */
  static String duration(double seconds) {
    long whole = Math.round(seconds);
    return whole >= 3600
        ? whole / 3600 + ":" + twoDigits(whole / 60 % 60) + ":" + twoDigits(whole % 60)
        : whole / 60 + ":" + twoDigits(whole % 60);
  }

  private static String twoDigits(long value) {
    return value < 10 ? "0" + value : Long.toString(value);
  }

  /**
   * {@code value} with {@code decimals} digits after the point, as C's printf("%.Nf") writes it to the digit
   * (from the exact binary value, ties to even), padded with spaces to {@code width}. Not String.format: its
   * first call loads the formatter and the locale data, a visible share of a short run.
   */
  static String fixed(double value, int decimals, int width) {
    String digits = Double.isFinite(value)
        ? new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString()
        : Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
    return padded(digits, width);
  }

  private static String padded(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }

  /** The closing summary, with mod_tile's per-zoom table. */
  void print(String tool, boolean interrupted) {
    double s = seconds();
    out.println();
    if (interrupted) {
      out.println(tool + ": interrupted; what was done so far:");
    }
    if (list) {
      out.println("Total lines read: " + lines.sum() + " (" + badLines.sum() + " bad)");
    }
    out.println("Total metatiles requested: " + requested.sum() + ", done: " + done.sum() + ", not done: "
        + notDone.sum() + ", skipped: " + skipped.sum());
    if (touched.sum() > 0 || deleted.sum() > 0) {
      out.println("Total metatiles touched: " + touched.sum() + ", deleted: " + deleted.sum());
    }
    out.println("\t" + answeredCount() + " in " + fixed(s, 2, 0) + " seconds ("
        + fixed(answeredCount() / Math.max(s, 1e-3), 2, 0) + "/s)");
    for (int z = 0; z < zooms.length; z++) {
      ZoomTimes t = zooms[z];
      synchronized (t) {
        if (t.count > 0) {
          out.println("Zoom " + twoDigits(z) + ": min: " + fixed(t.minNanos / 1e9, 1, 4) + "    avg: "
              + fixed(t.totalNanos / 1e9 / t.count, 1, 4) + "     max: " + fixed(t.maxNanos / 1e9, 1, 4)
              + "     over a total of " + fixed(t.totalNanos / 1e9, 1, 8) + "s in " + t.count + " requests");
        }
      }
    }
  }
}
