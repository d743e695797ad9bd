package org.jtile.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.jtile.config.ConfigException;
import org.jtile.config.Defaults;
import org.jtile.config.StartupException;
import org.jtile.daemon.DaemonMain;
import org.jtile.daemon.JtileVersion;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HoconFrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        "  /etc/jtile/frontend.conf  the configuration when -c names none (HOCON; every key with its",
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
public final class FrontendMain extends DaemonMain<FrontendConfig, FrontendServer> {
  private static final Logger log = LoggerFactory.getLogger(FrontendMain.class);
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the configuration: jtile's HOCON, or a "
      + "classic mod_tile renderd.conf whose map sections become layers (mod_tile's LoadTileConfigFile), told apart "
      + "by content; default /etc/jtile/frontend.conf")
  Path config;

  @Option(names = "--renderd-conf", paramLabel = "FILE",
      description = "a classic renderd.conf whose map sections become layers beside those of --config (as the "
          + "renderd_conf key)")
  Path renderdConf;

  FrontendMain() {
    super(log, "jtile-frontend");
  }

  public static void main(String[] args) {
    main(new FrontendMain(), args);
  }

  @Override
  protected void reload(FrontendServer server, FrontendConfig next) throws ConfigException {
    try {
      server.reload(next);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    }
  }

  @Override
  protected FrontendConfig load() throws ConfigException {
    Path file = config;
    Path classic = renderdConf;
    if (file != null && !Defaults.isHocon(file)) {
      if (classic != null) {
        throw new ConfigException("--config " + file + " is a classic renderd.conf: give --renderd-conf only with"
            + " a HOCON --config", ConfigException.MISSING);
      }
      classic = file;
      file = null;
    }
    if (file == null && (classic == null || Files.isRegularFile(Defaults.FRONTEND_CONFIG))) {
      file = Defaults.FRONTEND_CONFIG;
    }
    return HoconFrontendConfig.read(file, classic, log::warn);
  }

  @Override
  protected FrontendServer start(FrontendConfig settings) throws StartupException {
    FrontendServer server;
    try {
      server = new FrontendServer(settings, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    }
    try {
      server.start();
    } catch (Exception e) {
      StartupException cannotListen = new StartupException("cannot listen on " + settings.http().host() + ":"
          + settings.http().port() + settings.http().unixSocket().map(p -> " and " + p).orElse("") + ": "
          + e.getMessage(), StartupException.CANNOT_LISTEN);
      try {
        server.close();
      } catch (Exception closing) {
        cannotListen.addSuppressed(closing);
      }
      throw cannotListen;
    }
    log.info("ready: serving on {}", String.join(", ", server.addresses()));
    return server;
  }

  @Override
  protected void logEffective(FrontendConfig c) {
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
