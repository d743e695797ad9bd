package org.jtile.renderd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.config.SlaveConfig;
import org.jtile.config.StartupException;
import org.jtile.protocol.Command;
import org.jtile.render.RenderException;
import org.jtile.render.RendererProvider;
import org.jtile.renderd.cluster.ClusterQueue;
import org.jtile.renderd.cluster.SlaveDispatch;
import org.jtile.renderd.queue.Forwarder;
import org.jtile.renderd.queue.JobSource;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.jtile.renderd.queue.Waiter;
import org.jtile.renderd.render.Generation;
import org.jtile.renderd.render.RenderWorker;
import org.jtile.renderd.render.Renderers;
import org.jtile.renderd.server.ReplyRules;
import org.jtile.renderd.server.SocketServer;
import org.jtile.renderd.stats.RenderdMetrics;
import org.jtile.renderd.stats.StatsFile;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the render path is socket ({@link SocketServer}) → {@link ReplyRules} →
 * {@link RenderQueue} → {@link RenderWorker} → renderer → {@link TileStore} → replies.
 *
 * <p>In a farm ({@code cluster} configured) a {@link ClusterQueue} stands between the queue and the workers:
 * jobs are announced to the shared queue on Redis, and workers take from there.
 *
 * <p>Threads: {@code renderd-selector} (all sockets), {@code render-worker-N} (one per configured
 * thread, each with its own renderers), {@code slave-dispatch-N} (one per thread of each mod_tile slave
 * section), {@code renderd-stats} (the stats file every 10 s), with a
 * metrics port the JDK HTTP server's dispatcher, and in a farm {@code cluster-upkeep} and Lettuce's I/O
 * threads.
 */
public final class Renderd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Renderd.class);

  /** How long shutdown waits for renders in progress before abandoning them. */
  private static final long STOP_SECONDS = 10;

  /** The start-up configuration: listeners, threads and queue limits stay as they are until a restart. */
  private final RenderdConfig config;
  private final RenderQueue queue;
  /** The latest loaded maps; replaced by {@link #reload}. */
  private final AtomicReference<Generation> generation;
  /** Stores by storage string; a reload adds the new ones (read by render threads). */
  private final Map<String, TileStore> stores = new ConcurrentHashMap<>();
  private final Map<String, RendererProvider> providers;
  /** Started by {@link #start}, joined by {@link #close}; written before the daemon is returned. */
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService stats =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "renderd-stats"));
  private final RenderdMetrics metrics;
  /** The farm's shared queue in front of {@link #queue}, or null when this host renders alone. */
  private final ClusterQueue cluster;
  /*
   * Set once by start, in this order; volatile because the metrics dispatcher and the signal thread's
   * close may read them while start is still running (a failed start closes what it had opened).
   */
  private volatile SocketServer server;
  private volatile InetSocketAddress tcpAddress;
  private volatile int metricsPort;
  /** Set by close; a reload after it is refused (it would open stores nobody closes). */
  private volatile boolean closed;

  private Renderd(RenderdConfig config, Map<String, RendererProvider> providers) {
    this.config = config;
    this.providers = providers;
    this.queue = new RenderQueue(config.queue());
    this.generation = new AtomicReference<>(Generation.of(0, config));
    this.metrics = new RenderdMetrics(queue::stats, () -> {
      SocketServer s = server;
      return s == null ? 0 : s.openConnections();
    });
    this.cluster = config.cluster().map(c -> new ClusterQueue(queue, c, config.queue())).orElse(null);
    if (cluster != null) {
      metrics.gauge("renderd.cluster.up", () -> cluster.isUp() ? 1 : 0);
      metrics.gauge("renderd.cluster.fallbacks", cluster::fallbacks);
      for (Priority p : Priority.values()) {
        metrics.gauge("renderd.cluster.shared.waiting." + p.name().toLowerCase(java.util.Locale.ROOT),
            () -> cluster.sharedWaiting(p));
      }
      metrics.gauge("renderd.cluster.shared.leased", cluster::sharedLeased);
      metrics.gauge("renderd.cluster.shared.takeovers", cluster::takeovers);
      metrics.gauge("renderd.cluster.rendered.shared", cluster::renderedShared);
      metrics.gauge("renderd.cluster.rendered.alone", cluster::renderedAlone);
      metrics.gauge("renderd.cluster.announced_again", cluster::announcedAgain);
    }
  }

  /** Where render threads take work: the farm's shared queue, or this host's own. */
  private JobSource jobs() {
    return cluster != null ? cluster : queue;
  }

  /**
   * Opens the stores, starts the render threads (each loads its styles; a failure stops start-up),
   * then listens.
   *
   * @throws StartupException what stopped start-up, in one line, with mod_tile's exit code
   */
  public static Renderd start(RenderdConfig config, Map<String, RendererProvider> providers) throws StartupException {
    Renderd renderd = new Renderd(config, providers);
    try {
      renderd.startUp();
      return renderd;
    } catch (StartupException e) {
      renderd.close();
      throw e;
    }
  }

  private void startUp() throws StartupException {
    openStores(config);
    startWorkers();
    ReplyRules handler =
        new ReplyRules(queue, () -> generation.get().maps(), cluster != null ? cluster : Forwarder.NONE);
    try {
      SocketServer listening = new SocketServer(handler, config.maxConnections());
      server = listening;
      if (config.socket().isPresent()) {
        listening.listenUnix(config.socket().get(), config.socketPermissions(), config.socketGroup());
      }
      if (config.tcpPort() != 0) {
        tcpAddress = listening.listenTcp(config.tcpHost(), config.tcpPort());
      }
      listening.start();
    } catch (IOException e) {
      throw new StartupException("cannot listen: " + e.getMessage(), StartupException.CANNOT_LISTEN);
    }
    if (config.statsFile().isPresent()) {
      stats.scheduleWithFixedDelay(this::writeStats, 0, 10, TimeUnit.SECONDS);
    } else {
      log.info("No stats file specified in config. Stats reporting disabled");
    }
    if (config.metricsPort() != 0) {
      try {
        metricsPort = metrics.serve(config.metricsPort());
      } catch (IOException e) {
        throw new StartupException("cannot serve metrics on port " + config.metricsPort() + ": " + e.getMessage(),
            StartupException.CANNOT_LISTEN);
      }
    }
  }

  /** Opens the stores {@code c}'s maps name that are not open yet. */
  private void openStores(RenderdConfig c) throws StartupException {
    for (MapConfig map : c.maps()) {
      if (!stores.containsKey(map.tileDir())) {
        try {
          stores.put(map.tileDir(), TileStores.open(map.tileDir(), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
          throw new StartupException("map " + map.name() + ": storage: " + e.getMessage(),
              StartupException.MISSING);
        }
      }
    }
  }

  /**
   * Loads new map sections and styles without dropping the queue: the styles are loaded once here first
   * (a broken one fails the reload and the running maps stay), then each render thread reopens its
   * renderers between two jobs, and requests for the new maps are accepted at once. Listeners, thread
   * count and queue limits take effect at the next restart; a change to them is reported.
   *
   * <p>Runs on the thread that received SIGHUP; exclusive with another reload and with the end of
   * {@link #close} (which closes the stores), both on this object's monitor.
   *
   * @throws StartupException the new configuration cannot be used, or the daemon is stopping; nothing changed
   */
  public synchronized void reload(RenderdConfig next) throws StartupException {
    if (closed) {
      throw new StartupException("stopping: not reloading", StartupException.INVALID);
    }
    List<String> restartOnly = new ArrayList<>();
    if (!next.socket().equals(config.socket()) || !next.socketPermissions().equals(config.socketPermissions())
        || !next.socketGroup().equals(config.socketGroup())) {
      restartOnly.add("socket");
    }
    if (!next.tcpHost().equals(config.tcpHost()) || next.tcpPort() != config.tcpPort()) {
      restartOnly.add("tcp");
    }
    if (next.numThreads() != config.numThreads()) {
      restartOnly.add("num_threads");
    }
    if (!next.queue().equals(config.queue())) {
      restartOnly.add("queue");
    }
    if (!next.cluster().equals(config.cluster())) {
      restartOnly.add("cluster");
    }
    if (!next.slaves().equals(config.slaves())) {
      restartOnly.add("slaves");
    }
    if (next.metricsPort() != config.metricsPort() || next.maxConnections() != config.maxConnections()
        || !next.statsFile().equals(config.statsFile()) || !next.mapnik().equals(config.mapnik())) {
      restartOnly.add("metrics_port/max_connections/stats_file/mapnik");
    }
    openStores(next);
    try {
      Renderers.open(next, providers).close();
    } catch (RenderException | RuntimeException e) {
      throw new StartupException(e.getMessage(), StartupException.INVALID);
    }
    Generation loaded = Generation.of(generation.get().number() + 1, next);
    generation.set(loaded);
    log.info("reloaded: maps {}", loaded.maps().keySet());
    if (!restartOnly.isEmpty()) {
      log.warn("changed settings that take effect at the next restart: {}", String.join(", ", restartOnly));
    }
  }

  private void startWorkers() throws StartupException {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 0; i < config.numThreads(); i++) {
      CompletableFuture<Void> opened = new CompletableFuture<>();
      ready.add(opened);
      Thread thread =
          new Thread(
              () -> {
                Renderers renderers;
                try {
                  renderers = Renderers.open(config, providers);
                } catch (RenderException | RuntimeException e) {
                  opened.completeExceptionally(e);
                  return;
                }
                opened.complete(null);
                new RenderWorker(jobs(), generation.get(), renderers, generation::get,
                    c -> Renderers.open(c, providers), map -> stores.get(map.tileDir()), metrics).run();
              },
              "render-worker-" + i);
      workers.add(thread);
      thread.start();
    }
    int n = 0;
    for (SlaveConfig slave : config.slaves()) {
      List<SlaveDispatch> dispatchers = new ArrayList<>();
      for (int i = 0; i < slave.threads(); i++) {
        SlaveDispatch dispatch = new SlaveDispatch(jobs(), slave, this::mimeType, metrics);
        dispatchers.add(dispatch);
        Thread thread = new Thread(dispatch, "slave-dispatch-" + n++);
        workers.add(thread);
        thread.start();
      }
      metrics.gauge("renderd.slaves." + slave.section() + ".rendered",
          () -> dispatchers.stream().mapToLong(SlaveDispatch::rendered).sum());
      log.info("\tforwarding to renderd slave {} at {} with {} threads", slave.section(), slave.address(),
          slave.threads());
    }
    for (CompletableFuture<Void> opened : ready) {
      try {
        opened.get(5, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        throw new StartupException(e.getCause().getMessage(), StartupException.INVALID);
      } catch (TimeoutException e) {
        throw new StartupException("render threads did not load their styles within 5 minutes",
            StartupException.INVALID);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("interrupted while starting", StartupException.MISSING);
      }
    }
  }

  /** The MIME type of {@code style}'s tiles in the latest configuration ("" for a style it no longer has). */
  private String mimeType(String style) {
    MapConfig map = generation.get().maps().get(style);
    return map == null ? "" : map.type().mimeType();
  }

  private void writeStats() {
    try {
      StatsFile.write(config.statsFile().get(), queue.stats());
    } catch (IOException | RuntimeException e) {
      log.warn("cannot write stats file {}: {}", config.statsFile().get(), e.toString());
    }
  }

  public RenderQueue queue() {
    return queue;
  }

  /** The TCP address listened on, or null. */
  public InetSocketAddress tcpAddress() {
    return tcpAddress;
  }

  /** The port metrics are served on, or 0. */
  public int metricsPort() {
    return metricsPort;
  }

  public SocketServer server() {
    return server;
  }

  /**
   * Stops: no new connections or requests, NotDone to every client still waiting in the queue, renders
   * in progress get {@value #STOP_SECONDS} s to finish, the socket file is removed.
   */
  @Override
  public void close() {
    closed = true;
    SocketServer server = this.server;
    if (server != null) {
      server.stopListening();
    }
    for (Waiter waiter : queue.close()) {
      waiter.answer(Command.NOT_DONE);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (worker.isAlive()) {
        log.warn("{} still rendering at shutdown; abandoning its job", worker.getName());
      }
    }
    if (cluster != null) {
      cluster.close();
    }
    if (server != null) {
      server.close();
    }
    stats.shutdownNow();
    if (config.statsFile().isPresent() && server != null) {
      writeStats();
    }
    metrics.close();
    synchronized (this) { // after a reload in progress, which may be opening stores
      for (TileStore store : stores.values()) {
        try {
          store.close();
        } catch (IOException e) {
          log.warn("closing {}: {}", store, e.toString());
        }
      }
    }
  }
}
