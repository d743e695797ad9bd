package org.jtile.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.jtile.daemon.DaemonSignals;
import org.jtile.daemon.JtileVersion;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.TileCoord;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A tool's run: resolve the options, show progress, do the work, print the summary — also when
 * interrupted (Ctrl-C stops reading, lets requests in flight finish, and reports), and one line with
 * mod_tile's exit code when something stops it.
 */
@Command(versionProvider = JtileVersion.class) // the tools inherit it: their -V/--version
abstract class ToolCommand implements Callable<Integer> {
  /** The run in progress, for the signal handler; null between runs. */
  private static volatile ToolCommand current;

  @Mixin ToolOptions options;

  final PrintStream out = System.out;
  /** The input of the tools that read a list: Ctrl-C ends it. */
  final Stdin stdin = new Stdin();
  private volatile boolean interrupted;
  private volatile Submitter submitter;

  /** The tool's name in messages, e.g. render-list. */
  abstract String name();

  abstract void run(ToolOptions.Settings settings, Summary summary) throws ToolException, IOException,
      InterruptedException;

  @Override
  public final Integer call() {
    Summary summary = new Summary(out, System.err);
    current = this;
    // Only from here, where a signal finds the run: one before (the JVM starting, picocli reading the
    // options) ends the process at once, as it ends mod_tile's tools, rather than being lost. SIGINT,
    // SIGTERM and a closed terminal's SIGHUP stop the run alike; under nohup SIGHUP stays ignored.
    DaemonSignals.install(ToolCommand::interruptCurrent, ToolCommand::interruptCurrent);
    try (Progress progress = Progress.start(!options.noProgress, summary, name())) {
      run(options.resolve(), summary);
    } catch (ToolException e) {
      System.err.println(name() + ": " + e.getMessage());
      return e.exitCode();
    } catch (IOException e) {
      System.err.println(name() + ": " + e.getMessage());
      return ToolException.OPTIONS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted = true;
    } finally {
      current = null;
    }
    summary.print(name(), interrupted);
    return 0;
  }

  /** SIGINT, SIGTERM, SIGHUP: stop reading and sending; what is in flight is answered, then the summary. */
  static void interruptCurrent() {
    ToolCommand run = current;
    if (run != null) {
      run.interrupted = true;
      run.stdin.stop();
      Submitter s = run.submitter;
      if (s != null) {
        s.cancel();
      }
    }
  }

  boolean interrupted() {
    return interrupted;
  }

  /** Connects to renderd's socket, failing at once (exit 2) if nothing listens there. */
  Submitter connect(ToolOptions.Settings s, Summary summary) throws ToolException {
    Submitter started = new Submitter(s.socket(), s.threads(), s.timeout(), s.maxLoad(), LoadAverage::now, summary);
    submitter = started;
    return started;
  }

  /** A run's work on the open store, with renderd's workers (null when the run does not render). */
  @FunctionalInterface
  interface Work {
    void run(TileStore store, Submitter submitter) throws ToolException, IOException, InterruptedException;
  }

  /** Opens the store and, when {@code rendering}, the workers; does {@code work}; waits for every answer. */
  void withStore(ToolOptions.Settings s, Summary summary, boolean rendering, Work work)
      throws ToolException, IOException, InterruptedException {
    try (TileStore store = s.openStore()) {
      Submitter submitter = rendering ? connect(s, summary) : null;
      try {
        work.run(store, submitter);
      } finally {
        if (submitter != null) {
          finish(submitter);
        }
      }
    }
  }

  /** Hands metatiles to {@link MetatileWorkers}. */
  @FunctionalInterface
  interface Feed {
    void into(MetatileWorkers workers) throws ToolException, IOException, InterruptedException;
  }

  /** Does {@code work} for each metatile {@code feed} gives, on a few threads; returns when all is done. */
  void eachMetatile(MetatileWorkers.Work work, Feed feed) throws ToolException, IOException, InterruptedException {
    try (MetatileWorkers workers = new MetatileWorkers(MetatileWorkers.defaultCount(), work, this::interrupted)) {
      feed.into(workers);
      workers.finish();
    }
  }

  /** Waits for every request to be answered and stops the workers. */
  void finish(Submitter s) throws ToolException, InterruptedException {
    try {
      s.finish();
    } finally {
      s.close();
    }
  }

  /** The stat of the metatile with origin {@code m}. */
  static TileStat stat(TileStore store, String map, MetatileCoord m) throws IOException {
    return store.stat(new TileKey(map, "", new TileCoord(m.z(), m.x(), m.y())));
  }

  /** The next line of stdin; what was gathered is handed over first when the input has no more yet. */
  TileListReader.Line next(TileListReader in, MetatileWorkers workers)
      throws IOException, ToolException, InterruptedException {
    if (!in.buffered() && stdin.available() == 0) {
      workers.handOver();
    }
    return in.next();
  }

  /** Reports the bad line {@code in} just read, with its number and why, in verbose mode, and counts it. */
  void badLine(Summary summary, TileListReader in) {
    summary.badLines.increment();
    if (options.verbose) {
      summary.warn(name() + ": bad line " + in.number() + ": " + in.why() + ": " + in.bad());
    }
  }
}
