package org.jtile.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress while a tool runs: on a terminal a bar rewritten in place every half second; otherwise (a log,
 * a cron mail), or with {@code --no-progress}, a plain line every 10 s.
 */
final class Progress implements AutoCloseable {
  /** The progress text, as a bar or as a line of its own. */
  @FunctionalInterface
  interface Report {
    String text(boolean bar);
  }

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "progress");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream out;
  private final boolean bar;

  private Progress(PrintStream out, boolean bar) {
    this.out = out;
    this.bar = bar;
  }

  /** Starts reporting on {@code err}: as a bar when {@code barWanted} and it is a terminal. */
  static Progress start(boolean barWanted, PrintStream err, Report report) {
    Progress progress = new Progress(err, barWanted && stderrIsTerminal());
    long period = progress.bar ? 500 : 10_000;
    progress.timer.scheduleAtFixedRate(() -> {
      if (progress.bar) {
        err.print("\r\033[K" + report.text(true));
      } else {
        err.println(report.text(false));
      }
      err.flush();
    }, period, period, TimeUnit.MILLISECONDS);
    return progress;
  }

  /**
   * Whether standard error, where the bar goes, is a terminal that can rewrite a line. Not
   * System.console(): that asks about stdin too, and the tools' lists come on stdin.
   */
  private static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS); // a report being written ends before the bar is cleared
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (bar) {
      out.print("\r\033[K");
      out.flush();
    }
  }
}
