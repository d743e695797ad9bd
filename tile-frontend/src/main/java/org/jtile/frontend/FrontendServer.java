package org.jtile.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.tls.ServerKeys;
import org.jtile.frontend.warmup.WarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tile frontend: a Jetty 12 server (core Handler API, no servlets) on a bounded, named thread pool,
 * listening on TCP (HTTP/1.1 and h2c), optionally a Unix socket, and optionally HTTPS (h2 or HTTP/1.1 by
 * ALPN). Handlers in order: the stats pages, the layers' tiles,
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
  /** The HTTPS listener and its keys; null without https. Reloaded with new keys, under this. */
  private final ServerConnector httpsConnector;
  private final SslContextFactory.Server tls;
  /** Swapped by reload; requests already in a site's handlers finish there. */
  /**
   * The site being served, swapped whole by a reload and the warm-up. A dynamic wrapper tells Jetty its
   * handlers may block, and Jetty then hands every request to the pool; every site is built of the same
   * non-blocking handlers, so this one says what its site says.
   */
  private final Handler.Wrapper sites = new Handler.Wrapper(true) {
    @Override
    public InvocationType getInvocationType() {
      Handler site = getHandler();
      return site == null ? InvocationType.NON_BLOCKING : site.getInvocationType();
    }
  };
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
    httpConfig.setRequestHeaderSize(http.maxHeaderSize());
    // acceptors -1: Jetty's default
    connector = new ServerConnector(server, -1, http.selectorThreads(), plain(httpConfig));
    listen(connector, http.port());
    server.addConnector(connector);
    http.unixSocket().ifPresent(path -> server.addConnector(unixConnector(path, httpConfig)));
    if (http.https().isPresent()) {
      ServerKeys keys = ServerKeys.read(http.https().get(), clock.instant());
      logCertificate(keys);
      tls = tlsContext(keys);
      httpsConnector =
          new ServerConnector(server, -1, http.selectorThreads(), secure(tls, httpsConfig(httpConfig)));
      listen(httpsConnector, http.https().get().port());
      server.addConnector(httpsConnector);
    } else {
      tls = null;
      httpsConnector = null;
    }
    if (!http.accessLog().isEmpty()) {
      // a file is written by a thread of its own (bounded queue), so a slow disk never holds a request
      server.setRequestLog(new CustomRequestLog(http.accessLog().equals("-") ? new Slf4jRequestLogWriter()
          : new AsyncRequestLogWriter(http.accessLog()), CustomRequestLog.EXTENDED_NCSA_FORMAT));
    }
    sites.setHandler(site.handler);
    server.setHandler(new GracefulHandler(sites));
  }

  /** Jetty's TLS context for {@code keys}: the HTTPS listener's, and the edge benchmark's. */
  public static SslContextFactory.Server tlsContext(ServerKeys keys) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(keys.store());
    tls.setKeyStorePassword(keys.storePassword());
    // ciphers HTTP/2 allows first, or an h2 client would refuse the one negotiated
    tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
    return tls;
  }

  /** {@code plain}'s settings for requests that came over TLS. */
  public static HttpConfiguration httpsConfig(HttpConfiguration plain) {
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // tiles are served under any name the certificate covers, and to clients that send no SNI
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    return https;
  }

  private void listen(ServerConnector listener, int port) {
    listener.setHost(http.host());
    listener.setPort(port);
    listener.setAcceptQueueSize(http.acceptQueue());
  }

  /** HTTP/1.1, and h2c by prior knowledge or Upgrade when enabled. */
  private ConnectionFactory[] plain(HttpConfiguration config) {
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    return http.http2().cleartext() ? new ConnectionFactory[] {http1, http2(new HTTP2CServerConnectionFactory(config))}
        : new ConnectionFactory[] {http1};
  }

  /** TLS, then h2 or HTTP/1.1 as ALPN agrees (HTTP/1.1 for clients without ALPN). */
  private ConnectionFactory[] secure(SslContextFactory.Server context, HttpConfiguration config) {
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    if (!http.http2().overTls()) {
      return new ConnectionFactory[] {new SslConnectionFactory(context, http1.getProtocol()), http1};
    }
    // ALPN's name for HTTP/1.1 is "http/1.1": Jetty's "HTTP/1.1" is no ALPN id, and a client offering only
    // http/1.1 (a browser with HTTP/2 off, curl --http1.1) would have its handshake closed
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol(http1.getProtocol());
    return new ConnectionFactory[] {new SslConnectionFactory(context, alpn.getProtocol()), alpn,
        http2(new HTTP2ServerConnectionFactory(config)), http1};
  }

  private AbstractHTTP2ServerConnectionFactory http2(AbstractHTTP2ServerConnectionFactory h2) {
    h2.setMaxConcurrentStreams(http.http2().maxConcurrentStreams());
    h2.setRateControlFactory(new WindowRateControl.Factory(http.http2().maxResetsPerSecond()));
    return h2;
  }

  private UnixDomainServerConnector unixConnector(Path path, HttpConfiguration httpConfig) {
    UnixDomainServerConnector unix =
        new UnixDomainServerConnector(server, -1, http.selectorThreads(), plain(httpConfig));
    unix.setUnixDomainPath(path);
    unix.setAcceptQueueSize(http.acceptQueue());
    return unix;
  }

  private void logCertificate(ServerKeys keys) {
    Instant until = keys.certificate().getNotAfter().toInstant();
    long days = Duration.between(clock.instant(), until).toDays();
    String subject = keys.certificate().getSubjectX500Principal().getName();
    if (days < 14) {
      log.warn("https: the certificate for {} expires in {} days ({}): renew it, then SIGHUP", subject, days, until);
    } else {
      log.info("https: certificate for {}, valid until {}", subject, until);
    }
  }

  /** Listens, after {@link HttpSettings#warmUp} of serving itself. */
  public void start() throws Exception {
    for (Path socket : http.unixSocket().stream().toList()) {
      // a socket file left by a crash would stop the bind
      Files.deleteIfExists(socket);
    }
    if (http.warmUp().isZero()) {
      server.start();
      site.start();
      return;
    }
    Connector[] listeners = server.getConnectors();
    for (Connector c : listeners) {
      if (c instanceof NetworkConnector tcp) {
        // bound now, so a taken port fails the start at once; connections the kernel queues meanwhile
        // are accepted after the warm-up (Jetty binds a Unix socket only as it starts)
        tcp.open();
      }
      server.removeConnector(c);
    }
    RequestLog requestLog = server.getRequestLog();
    server.setRequestLog(null);
    server.start();
    warmUp();
    server.setRequestLog(requestLog);
    // a bean added to a started container is left to its caller: the server must start and stop it
    if (requestLog instanceof LifeCycle lifeCycle) {
      server.manage(lifeCycle);
      lifeCycle.start();
    }
    for (Connector c : listeners) {
      server.addConnector(c);
      server.manage(c);
      c.start();
    }
    site.start();
  }

  /**
   * Serves {@link WarmUp}'s tiles to itself through a private loopback listener, while no other is open:
   * the site is swapped for the warm-up's for that long. Never fails the start: a frontend that could not
   * warm up serves as well, only slower at first.
   */
  private void warmUp() {
    Path dir = null;
    Site warm = null;
    List<ServerConnector> loopbacks = new ArrayList<>();
    try {
      dir = Files.createTempDirectory("jtile-warm-up");
      warm = Site.open(WarmUp.config(dir), null, clock, ticker, random);
      sites.setHandler(warm.handler);
      int plain = loopback(loopbacks, new HttpConnectionFactory());
      logWarmUp("", WarmUp.drive(plain, http.warmUp()));
      if (tls != null) {
        // a context of its own: the listener's is started with it, after the warm-up
        ServerKeys keys = ServerKeys.read(http.https().get(), clock.instant());
        int secure = loopback(loopbacks, secure(tlsContext(keys), httpsConfig(new HttpConfiguration())));
        logWarmUp(" over HTTP/2 and TLS", WarmUp.driveTls(secure, keys.certificate(), http.warmUp()));
      }
    } catch (Exception e) {
      log.warn("warm-up skipped: {}", e.toString());
    } finally {
      sites.setHandler(site.handler);
      try {
        for (ServerConnector loopback : loopbacks) {
          server.removeConnector(loopback);
          loopback.stop();
        }
        if (warm != null) {
          warm.closeUnused(null);
        }
        if (dir != null) {
          WarmUp.delete(dir);
        }
      } catch (Exception e) {
        log.warn("warm-up: cleaning up: {}", e.toString());
      }
    }
  }

  /**
   * Starts a listener on a free loopback port for the warm-up only, added to {@code opened} first so it
   * is removed even if it fails to start; returns its port.
   */
  private int loopback(List<ServerConnector> opened, ConnectionFactory... factories) throws Exception {
    ServerConnector loopback = new ServerConnector(server, factories);
    loopback.setHost("127.0.0.1");
    loopback.setAcceptQueueSize(http.acceptQueue());
    opened.add(loopback);
    server.addConnector(loopback);
    server.manage(loopback);
    loopback.start();
    return loopback.getLocalPort();
  }

  private static void logWarmUp(String how, WarmUp.Report r) {
    log.info("warmed up{}: {} requests to itself in {} ms{}", how, r.requests(), r.took().toMillis(),
        r.errors() == 0 ? "" : ", " + r.errors() + " failed");
  }

  /**
   * Serves {@code next}'s layers from the next request on, keeping what did not change (stores, renderd
   * client, client buckets, hot tiles, counters). Listener settings ({@code http.*}) take effect at the next
   * restart; a change to them is reported.
   *
   * @throws IllegalArgumentException a layer's storage cannot be opened; nothing changed
   */
  public synchronized void reload(FrontendConfig next) {
    // renewed certificates are checked before anything changes, so a bad one keeps the running ones
    Optional<ServerKeys> keys = tls == null ? Optional.empty()
        : next.http().https().map(settings -> ServerKeys.read(settings, clock.instant()));
    Site previous = site;
    Site loaded = Site.open(next, previous, clock, ticker, random);
    sites.setHandler(loaded.handler);
    site = loaded;
    loaded.start();
    log.info("reloaded: layers {}", loaded.config.layers().stream().map(l -> l.uri()).toList());
    if (keys.isPresent()) {
      try {
        // handshakes from now on use the new keys; open connections keep theirs
        tls.reload(factory -> factory.setKeyStore(keys.get().store()));
        logCertificate(keys.get());
      } catch (Exception e) {
        log.warn("https: keeping the previous certificate, the new one cannot be used: {}", e.toString());
      }
    }
    if (!http.sameListeners(next.http())) {
      log.warn("changed http and https listener settings take effect at the next restart");
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

  /** The HTTPS port listened on (after {@link #start}); -1 without https. */
  public int httpsPort() {
    return httpsConnector == null ? -1 : httpsConnector.getLocalPort();
  }

  /** Where the server listens, for the start-up log. */
  public List<String> addresses() {
    List<String> addresses = new ArrayList<>();
    for (Connector c : server.getConnectors()) {
      addresses.add(c instanceof UnixDomainServerConnector u ? "unix:" + u.getUnixDomainPath()
          : c == httpsConnector ? "https://" + http.host() + ":" + httpsPort() + "/"
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
