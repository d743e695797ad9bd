package org.jtile.daemon;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A daemon's signals as systemd sends them: SIGTERM (and Ctrl-C's SIGINT) stop it, SIGHUP reloads its
 * configuration ({@code ExecReload}).
 *
 * <p>sun.misc.Signal (jdk.unsupported) because a shutdown hook would make SIGTERM exit 143, and SIGHUP
 * cannot be caught through any public API. Each signal runs its action on a thread of its own.
 *
 * <p>The JVM keeps a signal ignored when it was ignored on start (nohup, some CI runners): it installs no
 * handler then. The launchers reset SIGHUP to its default for that reason; a bare {@code java} started with
 * it ignored cannot reload, which {@link #install} reports.
 */
public final class DaemonSignals {
  /** What a daemon logs at start when {@link #install} returned false. */
  public static final String RELOAD_OFF = "SIGHUP was ignored when this process started (nohup?), so reload "
      + "(systemctl reload, kill -HUP) is off: restart to apply configuration changes, or start it through its "
      + "launcher, which resets SIGHUP";

  private DaemonSignals() {}

  /** Returns false when SIGHUP was ignored on start, so {@code reload} will never run. */
  public static boolean install(Runnable stop, Runnable reload) {
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stop.run());
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SignalHandler previous = Signal.handle(new Signal("HUP"), s -> {
      // signal threads have no context class loader, which Typesafe Config needs for reference.conf
      Thread.currentThread().setContextClassLoader(loader);
      reload.run();
    });
    return previous != SignalHandler.SIG_IGN;
  }
}
