package org.jtile.daemon;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jtile.config.ConfigException;
import org.jtile.config.StartupException;
import org.slf4j.Logger;
import picocli.CommandLine;

/**
 * The life both daemons share: read and log the configuration, serve in the foreground until SIGTERM or
 * SIGINT, and on SIGHUP read it again — keeping the running configuration when the new one is broken, so
 * a typo in a reload never takes a tile server down. A subclass says how to read its configuration, start
 * its service and hand that service a new configuration.
 *
 * @param <C> the configuration
 * @param <S> the running service
 */
public abstract class DaemonMain<C, S extends AutoCloseable> implements Callable<Integer> {
  private final Logger log;
  private final String name;
  /** Counted down to stop the service. */
  private final CountDownLatch stop = new CountDownLatch(1);
  /** The running service, for SIGHUP; null before start-up and after stop. */
  private volatile S running;
  /** Whether SIGHUP reaches {@link #reload()}: not in a JVM started with it ignored. */
  private boolean reloadable = true;

  protected DaemonMain(Logger log, String name) {
    this.log = log;
    this.name = name;
  }

  /** Installs the signal handlers, then runs the command line and exits with its status. */
  protected static void main(DaemonMain<?, ?> daemon, String[] args) {
    daemon.reloadable = DaemonSignals.install(daemon.stop::countDown, daemon::reload);
    System.exit(new CommandLine(daemon).execute(args));
  }

  /** Reads the configuration the options name. */
  protected abstract C load() throws ConfigException;

  /** Logs what the configuration amounts to, at start and on each reload. */
  protected abstract void logEffective(C config);

  /** Starts the service and logs the one "ready" line that says where it listens. */
  protected abstract S start(C config) throws StartupException;

  /** Hands the running service a new configuration, or throws saying why it cannot take it. */
  protected abstract void reload(S service, C next) throws StartupException;

  @Override
  public final Integer call() {
    try {
      C config = load();
      log.info("{} {} starting", name, JtileVersion.version());
      if (!reloadable) {
        log.warn(DaemonSignals.RELOAD_OFF);
      }
      logEffective(config);
      serve(config);
    } catch (StartupException e) {
      log.error(e.getMessage());
      return e.exitCode();
    }
    return 0;
  }

  private void serve(C config) throws StartupException {
    try (S service = start(config)) {
      running = service;
      stop.await();
      running = null;
      log.info("Received exit request, stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StartupException e) {
      throw e;
    } catch (Exception e) {
      log.warn("while stopping: {}", e.toString());
    }
  }

  private void reload() {
    S service = running;
    if (service == null) {
      return;
    }
    log.info("Received reload request, reading the configuration again");
    try {
      C next = load();
      logEffective(next);
      reload(service, next);
    } catch (StartupException e) {
      log.error("reload failed, keeping the running configuration: {}", e.getMessage());
    }
  }
}
