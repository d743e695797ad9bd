package org.jtile.config;

import sun.misc.Signal;

/**
 * A daemon's signals as systemd sends them: SIGTERM (and Ctrl-C's SIGINT) stop it, SIGHUP reloads its
 * configuration ({@code ExecReload}).
 *
 * <p>sun.misc.Signal (jdk.unsupported) because a shutdown hook would make SIGTERM exit 143, and SIGHUP
 * cannot be caught through any public API. Each signal runs its action on a thread of its own.
 */
public final class DaemonSignals {
  private DaemonSignals() {}

  public static void install(Runnable stop, Runnable reload) {
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stop.run());
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Signal.handle(new Signal("HUP"), s -> {
      // signal threads have no context class loader, which Typesafe Config needs for reference.conf
      Thread.currentThread().setContextClassLoader(loader);
      reload.run();
    });
  }
}
