package org.jtile.tools;

import java.io.IOException;
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
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "progress");
    t.setDaemon(true);
    return t;
  });
  private final Summary summary;

  private Progress(Summary summary) {
    this.summary = summary;
  }

  /** Starts reporting {@code tool}'s run: as a bar when {@code barWanted} and standard error is a terminal. */
  static Progress start(boolean barWanted, Summary summary, String tool) {
    Progress progress = new Progress(summary);
    boolean bar = barWanted && stderrIsTerminal();
    long period = bar ? 500 : 10_000;
    progress.timer.scheduleAtFixedRate(() -> {
      if (bar) {
        summary.showBar(summary.progress(tool, true));
      } else {
        summary.showLine(summary.progress(tool, false));
      }
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
    summary.eraseBar();
  }
}
