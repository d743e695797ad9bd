package org.jtile.renderd;

import org.jtile.config.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jtile.protocol.Command;
import org.jtile.renderd.config.MapConfig;
import org.jtile.renderd.config.RenderdConfig;
import org.jtile.renderd.queue.RenderQueue;
import org.jtile.renderd.queue.Waiter;
import org.jtile.renderd.render.RenderException;
import org.jtile.renderd.render.RenderWorker;
import org.jtile.renderd.render.RendererProvider;
import org.jtile.renderd.render.Renderers;
import org.jtile.renderd.server.RequestHandler;
import org.jtile.renderd.server.SocketServer;
import org.jtile.renderd.stats.RenderdMetrics;
import org.jtile.renderd.stats.StatsFile;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: the render path is socket ({@link SocketServer}) → {@link RequestHandler} →
 * {@link RenderQueue} → {@link RenderWorker} → renderer → {@link TileStore} → replies.
 *
 * <p>Threads: {@code renderd-selector} (all sockets), {@code render-worker-N} (one per configured
 * thread, each with its own renderers), {@code renderd-stats} (the stats file every 10 s) and, with a
 * metrics port, the JDK HTTP server's dispatcher.
 */
public final class Renderd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Renderd.class);

  /** How long shutdown waits for renders in progress before abandoning them. */
  private static final long STOP_SECONDS = 10;

  private final RenderdConfig config;
  private final RenderQueue queue;
  private final Map<String, TileStore> stores = new LinkedHashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService stats =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "renderd-stats"));
  private RenderdMetrics metrics;
  private SocketServer server;
  private InetSocketAddress tcpAddress;
  private int metricsPort;

  private Renderd(RenderdConfig config) {
    this.config = config;
    this.queue = new RenderQueue(config.queue());
  }

  /**
   * Opens the stores, starts the render threads (each loads its styles; a failure stops start-up),
   * then listens.
   *
   * @throws StartupException what stopped start-up, in one line, with mod_tile's exit code
   */
  public static Renderd start(RenderdConfig config, Map<String, RendererProvider> providers) throws StartupException {
    Renderd renderd = new Renderd(config);
    try {
      renderd.startUp(providers);
      return renderd;
    } catch (StartupException e) {
      renderd.close();
      throw e;
    }
  }

  private void startUp(Map<String, RendererProvider> providers) throws StartupException {
    Map<String, MapConfig> maps = new LinkedHashMap<>();
    for (MapConfig map : config.maps()) {
      maps.put(map.name(), map);
      if (!stores.containsKey(map.tileDir())) {
        try {
          stores.put(map.tileDir(), TileStores.open(map.tileDir(), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
          throw new StartupException("map " + map.name() + ": storage: " + e.getMessage(), 1);
        }
      }
    }
    metrics = new RenderdMetrics(queue::stats, () -> server == null ? 0 : server.openConnections());
    startWorkers(providers, maps);
    RequestHandler handler = new RequestHandler(queue, maps);
    try {
      server = new SocketServer(handler, config.maxConnections());
      if (config.socket().isPresent()) {
        server.listenUnix(config.socket().get(), config.socketPermissions(), config.socketGroup());
      }
      if (config.tcpPort() != 0) {
        tcpAddress = server.listenTcp(config.tcpHost(), config.tcpPort());
      }
      server.start();
    } catch (IOException e) {
      throw new StartupException("cannot listen: " + e.getMessage(), 3);
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
        throw new StartupException("cannot serve metrics on port " + config.metricsPort() + ": " + e.getMessage(), 3);
      }
    }
  }

  private void startWorkers(Map<String, RendererProvider> providers, Map<String, MapConfig> maps)
      throws StartupException {
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
                new RenderWorker(queue, renderers, maps, map -> stores.get(map.tileDir()), metrics).run();
              },
              "render-worker-" + i);
      workers.add(thread);
      thread.start();
    }
    for (CompletableFuture<Void> opened : ready) {
      try {
        opened.get(5, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        throw new StartupException(e.getCause().getMessage(), 7);
      } catch (TimeoutException e) {
        throw new StartupException("render threads did not load their styles within 5 minutes", 7);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("interrupted while starting", 1);
      }
    }
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
    if (server != null) {
      server.close();
    }
    stats.shutdownNow();
    if (config.statsFile().isPresent() && server != null) {
      writeStats();
    }
    if (metrics != null) {
      metrics.close();
    }
    for (TileStore store : stores.values()) {
      try {
        store.close();
      } catch (IOException e) {
        log.warn("closing {}: {}", store, e.toString());
      }
    }
  }
}
