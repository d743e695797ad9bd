package org.jtile.frontend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jtile.frontend.cache.CachePolicy;
import org.jtile.frontend.cache.TileCache;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.http.DemoHandler;
import org.jtile.frontend.http.StatsHandler;
import org.jtile.frontend.http.TileHandler;
import org.jtile.frontend.render.RenderWaits;
import org.jtile.frontend.render.RenderdClient;
import org.jtile.frontend.render.Rendering;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;

/**
 * The tile frontend: a Jetty 12 server (core Handler API, no servlets) on a bounded, named thread pool,
 * listening on TCP and optionally a Unix socket. Handlers in order: the stats pages, the layers' tiles,
 * the demo page; a {@link GracefulHandler} around them lets requests in flight finish on stop.
 */
public final class FrontendServer implements AutoCloseable {
  private final FrontendConfig config;
  private final Server server;
  private final ServerConnector connector;
  private final Map<String, TileStore> stores = new LinkedHashMap<>();
  private final RenderdClient renderd;
  private final FrontendStats stats;

  /** @param random uniform in [0, 1): the cache-lifetime jitter (mod_tile's rand()) */
  public FrontendServer(FrontendConfig config, Clock clock, DoubleSupplier random) {
    this.config = config;
    for (var layer : config.layers()) {
      try {
        stores.computeIfAbsent(layer.tileDir(), dir -> TileStores.open(dir, clock));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + layer.style() + " at " + layer.uri() + ": " + e.getMessage(), e);
      }
    }
    renderd = config.renderd().map(RenderdClient::new).orElse(null);
    Rendering rendering = renderd == null ? null : new Rendering(renderd, config.render());
    RenderWaits waits = new RenderWaits();
    TileCache hotTiles = new TileCache(config.tiles().hotCacheBytes(), config.tiles().revalidate().toNanos());
    stats = new FrontendStats(config.layers(), waits::waiting, hotTiles::size);

    HttpSettings http = config.http();
    QueuedThreadPool threads = new QueuedThreadPool(http.maxThreads(), Math.min(8, http.maxThreads()));
    threads.setName("frontend");
    server = new Server(threads);
    server.setStopTimeout(http.stopTimeout().toMillis());
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
    connector.setHost(http.host());
    connector.setPort(http.port());
    server.addConnector(connector);
    http.unixSocket().ifPresent(path -> server.addConnector(unixConnector(path, httpConfig)));
    if (!http.accessLog().isEmpty()) {
      // a file is written by a thread of its own (bounded queue), so a slow disk never holds a request
      server.setRequestLog(new CustomRequestLog(http.accessLog().equals("-") ? new Slf4jRequestLogWriter()
          : new AsyncRequestLogWriter(http.accessLog()), CustomRequestLog.EXTENDED_NCSA_FORMAT));
    }
    Handler tiles = TileHandler.create(config, TileHandler.storesBy(stores), clock,
        new CachePolicy(config.cache(), random), rendering, waits, new Throttle(config.throttle()), hotTiles, stats);
    server.setHandler(new GracefulHandler(new Handler.Sequence(
        new StatsHandler(config.tiles().stats() ? stats : null), tiles, new DemoHandler(config.layers()))));
  }

  private UnixDomainServerConnector unixConnector(Path path, HttpConfiguration httpConfig) {
    UnixDomainServerConnector unix = new UnixDomainServerConnector(server, new HttpConnectionFactory(httpConfig));
    unix.setUnixDomainPath(path);
    return unix;
  }

  public void start() throws Exception {
    for (Path socket : config.http().unixSocket().stream().toList()) {
      // a socket file left by a crash would stop the bind
      Files.deleteIfExists(socket);
    }
    server.start();
  }

  /** The TCP port listened on (after {@link #start}). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Where the server listens, for the start-up log. */
  public List<String> addresses() {
    List<String> addresses = new ArrayList<>();
    for (Connector c : server.getConnectors()) {
      addresses.add(c instanceof UnixDomainServerConnector u ? "unix:" + u.getUnixDomainPath()
          : "http://" + config.http().host() + ":" + port() + "/");
    }
    return addresses;
  }

  public FrontendStats stats() {
    return stats;
  }

  /** Stops accepting, lets requests in flight finish (up to the stop timeout), closes the stores. */
  @Override
  public void close() throws Exception {
    server.stop();
    if (renderd != null) {
      renderd.close();
    }
    for (TileStore store : stores.values()) {
      try {
        store.close();
      } catch (IOException e) {
        // closing at exit: nothing left to do with it
      }
    }
  }
}
