package org.jtile.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.jtile.config.ConfigException;
import org.jtile.config.DaemonSignals;
import org.jtile.config.JtileVersion;
import org.jtile.config.StartupException;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HoconFrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtile-frontend}: serves tiles in the foreground until SIGTERM or SIGINT. */
@Command(
    name = "jtile-frontend",
    mixinStandardHelpOptions = true,
    versionProvider = JtileVersion.class,
    description = "Serves map tiles from the metatile cache with mod_tile's semantics, asking renderd for missing "
        + "and stale ones.",
    footer = {
        "",
        "Files:",
        "  /etc/jtile/frontend.conf  the configuration when no option names one (HOCON; every key with its",
        "                            default: /usr/share/doc/jtile/frontend.reference.conf)",
        "",
        "URLs: /<layer>/z/x/y.<ext> (and /status, /dirty), /<layer>/tile-layer.json, /mod_tile (stats),",
        "/metrics (Prometheus), / (a slippy map of the layers).",
        "",
        "Signals: SIGTERM or SIGINT stop it (requests in flight get http.stop_timeout; exit 0). SIGHUP",
        "reads the configuration again and serves the new layers from the next request; a broken file is",
        "logged and the running configuration kept.",
        "",
        "Exit status: 0 stopped; 1 a file is missing; 3 cannot listen; 7 a bad value (one line on the log",
        "names the file, key, value and rule)."})
public final class FrontendMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(FrontendMain.class);
  static final Path DEFAULT_CONFIG = Path.of("/etc/jtile/frontend.conf");
  /** mod_tile's exit code when it cannot listen. */
  static final int CANNOT_LISTEN = 3;

  @Option(names = "--config", paramLabel = "FILE", description = "jtile configuration (HOCON); default "
      + "/etc/jtile/frontend.conf when neither option is given")
  Path config;

  @Option(names = {"-c", "--renderd-conf"}, paramLabel = "FILE",
      description = "a classic renderd.conf whose map sections become layers (mod_tile's LoadTileConfigFile)")
  Path renderdConf;

  /** Counted down to stop the server. */
  private final CountDownLatch stop = new CountDownLatch(1);

  /** The running server, for SIGHUP; null before start-up and after stop. */
  private volatile FrontendServer running;

  /** Whether SIGHUP reaches {@link #reload}: not in a JVM started with it ignored. */
  private boolean reloadable = true;

  public static void main(String[] args) {
    FrontendMain main = new FrontendMain();
    main.reloadable = DaemonSignals.install(main.stop::countDown, main::reload);
    System.exit(new CommandLine(main).execute(args));
  }

  /** SIGHUP: the same files read again; a bad one is logged and the running configuration kept. */
  private void reload() {
    FrontendServer server = running;
    if (server == null) {
      return;
    }
    log.info("Received reload request, reading the configuration again");
    try {
      FrontendConfig next = load();
      logEffective(next);
      server.reload(next);
    } catch (ConfigException | IllegalArgumentException e) {
      log.error("reload failed, still serving the previous configuration: {}", e.getMessage());
    }
  }

  @Override
  public Integer call() {
    try {
      FrontendConfig settings = load();
      log.info("jtile-frontend {} starting", JtileVersion.version());
      if (!reloadable) {
        log.warn(DaemonSignals.RELOAD_OFF);
      }
      logEffective(settings);
      run(settings);
    } catch (StartupException e) {
      log.error(e.getMessage());
      return e.exitCode();
    }
    return 0;
  }

  private FrontendConfig load() throws ConfigException {
    Path file = config;
    if (file == null && renderdConf == null) {
      file = DEFAULT_CONFIG;
    }
    if (file == null && Files.isRegularFile(DEFAULT_CONFIG)) {
      file = DEFAULT_CONFIG;
    }
    return HoconFrontendConfig.read(file, renderdConf, log::warn);
  }

  private void run(FrontendConfig settings) throws StartupException {
    FrontendServer server;
    try {
      server = new FrontendServer(settings, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    }
    try (server) {
      try {
        server.start();
      } catch (Exception e) {
        throw new StartupException("cannot listen on " + settings.http().host() + ":" + settings.http().port()
            + settings.http().unixSocket().map(p -> " and " + p).orElse("") + ": " + e.getMessage(), CANNOT_LISTEN);
      }
      log.info("ready: serving on {}", String.join(", ", server.addresses()));
      running = server;
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

  private static void logEffective(FrontendConfig c) {
    long heap = Runtime.getRuntime().maxMemory();
    if (c.tiles().hotCacheBytes() > heap / 2) {
      log.warn("tiles.hot_cache_size ({} MiB) is over half the heap ({} MiB): raise -Xmx in JTILE_JAVA_OPTS or lower it",
          c.tiles().hotCacheBytes() >> 20, heap >> 20);
    }
    log.info("\trenderd: {}", c.renderd().map(Object::toString).orElse("none (serving stored tiles only)"));
    log.info("\trender: {}", c.render());
    log.info("\ttiles: {}", c.tiles());
    log.info("\tthrottle: {}", c.throttle().enabled() ? c.throttle() : "off");
    for (Layer l : c.layers()) {
      // mod_tile's NOTICE wording
      log.info("\tLoading tile config {} at {} for zooms {} - {} from tile directory {} with extension .{} and mime "
          + "type {}", l.style(), l.uri(), l.minZoom(), l.maxZoom(), l.tileDir(), l.extension(), l.mimeType());
    }
  }
}
