package org.jtile.tools;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Progress while a tool runs: on a terminal one line rewritten in place every half second, otherwise
 * (a log, a cron mail) a plain line every 10 s; nothing with {@code --no-progress}.
 */
final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final PrintStream out;
  private final boolean terminal;

  private Progress(ScheduledExecutorService timer, PrintStream out, boolean terminal) {
    this.timer = timer;
    this.out = out;
    this.terminal = terminal;
  }

  static Progress start(boolean enabled, PrintStream out, Supplier<String> line) {
    if (!enabled) {
      return new Progress(null, out, false);
    }
    boolean terminal = System.console() != null;
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal ? 500 : 10_000;
    timer.scheduleAtFixedRate(() -> {
      if (terminal) {
        out.print("\r\033[K" + line.get());
      } else {
        out.println(line.get());
      }
      out.flush();
    }, period, period, TimeUnit.MILLISECONDS);
    return new Progress(timer, out, terminal);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      if (terminal) {
        out.print("\r\033[K");
      }
    }
  }
}
