package org.jtile.frontend;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jtile.frontend.cache.CachePolicy;
import org.jtile.frontend.cache.TileCache;
import org.jtile.frontend.http.TileHandler;
import org.jtile.frontend.http.TileRequestParser;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.render.Rendering;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.frontend.throttle.ThrottleConfig;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;

/**
 * The tile frontend: a Jetty 12 server (core Handler API, no servlets) with the tile handler on a
 * bounded, named thread pool.
 */
public final class FrontendServer implements AutoCloseable {
  /** mod_tile's ModTileVeryOldThreshold default: a year. */
  public static final Duration VERY_OLD = Duration.ofDays(365);

  /** Memory for popular tiles (a configuration key once the frontend has its config file). */
  static final long HOT_TILE_BYTES = 64L << 20;

  private final Server server;
  private final ServerConnector connector;
  private final Map<String, TileStore> stores = new LinkedHashMap<>();

  /**
   * @param host the address to listen on, e.g. 127.0.0.1
   * @param port 0 for any free port
   * @param rendering how to reach renderd, or null to serve only what is cached
   */
  public FrontendServer(String host, int port, List<Layer> layers, CachePolicy cachePolicy, Clock clock,
      Rendering rendering) {
    this(host, port, layers, cachePolicy, clock, rendering, ThrottleConfig.OFF);
  }

  /** @param throttle per-client limits ({@link ThrottleConfig#OFF} for none) */
  public FrontendServer(String host, int port, List<Layer> layers, CachePolicy cachePolicy, Clock clock,
      Rendering rendering, ThrottleConfig throttle) {
    for (Layer layer : layers) {
      stores.computeIfAbsent(layer.tileDir(), dir -> TileStores.open(dir, clock));
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("frontend");
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new TileHandler(new TileRequestParser(layers), TileHandler.storesBy(stores), cachePolicy,
        VERY_OLD, clock, rendering, new Throttle(throttle), new TileCache(HOT_TILE_BYTES)));
  }

  public void start() throws Exception {
    server.start();
  }

  /** The port listened on (after {@link #start}). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    for (TileStore store : stores.values()) {
      store.close();
    }
  }
}
