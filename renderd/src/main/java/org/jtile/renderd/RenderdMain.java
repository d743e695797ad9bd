package org.jtile.renderd;

import java.nio.file.Path;
import org.jtile.config.ConfigException;
import org.jtile.config.Defaults;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.config.StartupException;
import org.jtile.daemon.DaemonMain;
import org.jtile.daemon.JtileVersion;
import org.jtile.renderd.render.Renderers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtile-renderd}: runs the render daemon in the foreground until SIGTERM or SIGINT. */
@Command(
    name = "jtile-renderd",
    mixinStandardHelpOptions = true,
    versionProvider = JtileVersion.class,
    description = "Renders map tiles for mod_tile and jtile's frontend, speaking renderd's protocol.",
    footer = {
        "",
        "Files:",
        "  /etc/jtile/renderd.conf  the configuration when -c names none (HOCON; every key with its",
        "                           default: /usr/share/doc/jtile/renderd.reference.conf)",
        "  /run/jtile/renderd.sock  the default socket",
        "",
        "Signals: SIGTERM or SIGINT stop it (renders in progress get 10 s; exit 0). SIGHUP reads the",
        "configuration again: new and changed maps and styles are used from the next job, the queue is",
        "kept; a broken file is logged and the running configuration kept.",
        "",
        "Exit status: 0 stopped; 1 a file or section is missing; 3 cannot listen; 7 a bad value or style",
        "(one line on the log names the file, key, value and rule)."})
public final class RenderdMain extends DaemonMain<RenderdConfig, Renderd> {
  private static final Logger log = LoggerFactory.getLogger(RenderdMain.class);

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the configuration: jtile's HOCON or a "
      + "classic mod_tile renderd.conf (as C renderd's -c), told apart by content; default /etc/jtile/renderd.conf")
  Path config;

  @Option(
      names = {"-f", "--foreground"},
      description = "accepted for compatibility: jtile-renderd always runs in the foreground (systemd supervises it)")
  boolean foreground;

  RenderdMain() {
    super(log, "jtile-renderd");
  }

  public static void main(String[] args) {
    main(new RenderdMain(), args);
  }

  @Override
  protected Renderd start(RenderdConfig settings) throws StartupException {
    Renderd renderd = Renderd.start(settings, Renderers.providers());
    log.info("ready: listening on {}", renderd.server().addresses());
    return renderd;
  }

  @Override
  protected void reload(Renderd renderd, RenderdConfig next) throws StartupException {
    renderd.reload(next);
  }

  @Override
  protected RenderdConfig load() throws ConfigException {
    return RenderdConfig.read(config != null ? config : Defaults.RENDERD_CONFIG, log::warn);
  }

  @Override
  protected void logEffective(RenderdConfig c) {
    c.socket().ifPresent(s -> log.info("\trenderd: unix socketname = '{}' mode {}", s,
        java.nio.file.attribute.PosixFilePermissions.toString(c.socketPermissions())));
    if (c.tcpPort() != 0) {
      log.info("\trenderd: ip socket = '{}':{}", c.tcpHost(), c.tcpPort());
    }
    log.info("\trenderd: num_threads = '{}'", c.numThreads());
    log.info("\trenderd: stats_file = '{}'", c.statsFile().map(Path::toString).orElse(""));
    log.info("\trenderd: queue = {}", c.queue());
    log.info("\tmapnik: plugins_dir = '{}' font_dir = '{}' font_dir_recurse = {}", c.mapnik().pluginsDir(),
        c.mapnik().fontDir(), c.mapnik().fontDirRecurse());
    int i = 0;
    for (MapConfig m : c.maps()) {
      log.info("\tmap {}:   name({}) file({}) uri({}) output_format({}) tile_dir({}) zooms({}-{}) renderer({})",
          i++, m.name(), m.xml(), m.uri(), m.type(), m.tileDir(), m.minZoom(), m.maxZoom(), m.renderer());
    }
  }
}
