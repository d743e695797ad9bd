package org.jtile.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
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
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.stats.FrontendStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tile frontend: a Jetty 12 server (core Handler API, no servlets) on a bounded, named thread pool,
 * listening on TCP and optionally a Unix socket. Handlers in order: the stats pages, the layers' tiles,
 * the demo page ({@link Site}); a {@link GracefulHandler} around them lets requests in flight finish on
 * stop, and {@link #reload} swaps the site while the server runs.
 */
public final class FrontendServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);

  private final HttpSettings http;
  private final Clock clock;
  private final LongSupplier ticker;
  private final DoubleSupplier random;
  private final Server server;
  private final ServerConnector connector;
  /** Swapped by reload; requests already in a site's handlers finish there. */
  private final Handler.Wrapper sites = new Handler.Wrapper(true);
  /** Closes what a replaced site no longer shares, once requests that may hold it are done. */
  private final ScheduledExecutorService retire = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "frontend-retire");
    t.setDaemon(true);
    return t;
  });
  /** Guarded by this for writes (reload, close); read by accessors. */
  private volatile Site site;

  /**
   * @param random uniform in [0, 1): the cache-lifetime jitter (mod_tile's rand())
   * @throws IllegalArgumentException a layer's storage cannot be opened, naming the layer
   */
  public FrontendServer(FrontendConfig config, Clock clock, DoubleSupplier random) {
    this(config, clock, System::nanoTime, random);
  }

  /**
   * With the monotonic time the server measures intervals in (throttle buckets, hot-tile revalidation,
   * renderd's back-off) given too: a test's {@code FakeClock} moves both.
   *
   * @param random uniform in [0, 1): the cache-lifetime jitter (mod_tile's rand())
   * @throws IllegalArgumentException a layer's storage cannot be opened, naming the layer
   */
  public FrontendServer(FrontendConfig config, Clock clock, LongSupplier ticker, DoubleSupplier random) {
    this.http = config.http();
    this.clock = clock;
    this.ticker = ticker;
    this.random = random;
    this.site = Site.open(config, null, clock, ticker, random);

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
    sites.setHandler(site.handler);
    server.setHandler(new GracefulHandler(sites));
  }

  private UnixDomainServerConnector unixConnector(Path path, HttpConfiguration httpConfig) {
    UnixDomainServerConnector unix = new UnixDomainServerConnector(server, new HttpConnectionFactory(httpConfig));
    unix.setUnixDomainPath(path);
    return unix;
  }

  public void start() throws Exception {
    for (Path socket : http.unixSocket().stream().toList()) {
      // a socket file left by a crash would stop the bind
      Files.deleteIfExists(socket);
    }
    server.start();
  }

  /**
   * Serves {@code next}'s layers from the next request on, keeping what did not change (stores, renderd
   * client, client buckets, hot tiles, counters). Listener settings ({@code http.*}) take effect at the next
   * restart; a change to them is reported.
   *
   * @throws IllegalArgumentException a layer's storage cannot be opened; nothing changed
   */
  public synchronized void reload(FrontendConfig next) {
    Site previous = site;
    Site loaded = Site.open(next, previous, clock, ticker, random);
    sites.setHandler(loaded.handler);
    site = loaded;
    log.info("reloaded: layers {}", loaded.config.layers().stream().map(l -> l.uri()).toList());
    if (!next.http().equals(http)) {
      log.warn("changed http settings take effect at the next restart");
    }
    // a request may still wait on the old site's renderd client for its render timeout
    long grace = Math.max(previous.config.render().missingTimeout().toMillis(),
        previous.config.render().staleTimeout().toMillis()) + 1000;
    retire.schedule(() -> previous.closeUnused(loaded), grace, TimeUnit.MILLISECONDS);
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
          : "http://" + http.host() + ":" + port() + "/");
    }
    return addresses;
  }

  public FrontendStats stats() {
    return site.stats;
  }

  /** Stops accepting, lets requests in flight finish (up to the stop timeout), closes the stores. */
  @Override
  public synchronized void close() throws Exception {
    server.stop();
    retire.shutdownNow();
    site.closeUnused(null);
  }
}
