package org.jtile.frontend;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Handler;
import org.jtile.frontend.admin.Activity;
import org.jtile.frontend.admin.AdminData;
import org.jtile.frontend.cachecontrol.CachePolicy;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.hottiles.TileCache;
import org.jtile.frontend.http.AdminHandler;
import org.jtile.frontend.http.DemoHandler;
import org.jtile.frontend.http.StatsHandler;
import org.jtile.frontend.http.TileHandler;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.Popularity;
import org.jtile.frontend.popularity.Refresher;
import org.jtile.frontend.renderd.RenderWaits;
import org.jtile.frontend.renderd.RenderdClient;
import org.jtile.frontend.renderd.Rendering;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.store.TileStore;
import org.jtile.store.TileStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one configuration serves: the layers' stores, the renderd client, throttle, hot tiles, stats and
 * the handlers over them. A reload builds the next site from the previous one, keeping every part whose
 * settings did not change (stores, the renderd client, client buckets, cached tiles, counters), so
 * nothing is lost that need not be.
 */
final class Site {
  private static final Logger log = LoggerFactory.getLogger(Site.class);

  final FrontendConfig config;
  final Map<String, TileStore> stores;
  final RenderdClient renderd;
  final Throttle throttle;
  final TileCache hotTiles;
  final RenderWaits waits;
  final FrontendStats stats;
  /** {@link Activity#NONE} when the operations page is off. */
  final Activity activity;
  /** Null when the operations page is off. */
  final AdminData admin;
  final Popularity popularity;
  /** Null without renderd or with the refresh off. */
  final Refresher refresher;
  final Handler handler;

  private Site(FrontendConfig config, Map<String, TileStore> stores, RenderdClient renderd, Throttle throttle,
      TileCache hotTiles, RenderWaits waits, FrontendStats stats, Activity activity, AdminData admin,
      Popularity popularity, Clock clock, LongSupplier ticker, DoubleSupplier random) {
    this.config = config;
    this.stores = stores;
    this.renderd = renderd;
    this.throttle = throttle;
    this.hotTiles = hotTiles;
    this.waits = waits;
    this.stats = stats;
    this.activity = activity;
    this.admin = admin;
    this.popularity = popularity;
    this.refresher = renderd != null && config.popularity().refresh()
        ? new Refresher(popularity, config.layers(), TileHandler.storesBy(stores), renderd) : null;
    popularity.attach(stats, refresher);
    Rendering rendering = renderd == null ? null : new Rendering(renderd, config.render());
    Handler tiles = TileHandler.create(config, TileHandler.storesBy(stores), clock, ticker,
        new CachePolicy(config.cache(), random), rendering, waits, throttle, hotTiles, stats, activity, popularity);
    this.handler = new Handler.Sequence(new AdminHandler(config.admin(), admin, config.layers()),
        new StatsHandler(config.tiles().stats() ? stats : null), tiles, new DemoHandler(config.layers()));
  }

  /**
   * The site for {@code config}, reusing what {@code previous} (null at start-up) has for the same settings.
   *
   * @throws IllegalArgumentException a layer's storage cannot be opened, naming the layer
   */
  static Site open(FrontendConfig config, Site previous, Clock clock, LongSupplier ticker, DoubleSupplier random) {
    Map<String, TileStore> stores = new LinkedHashMap<>();
    try {
      for (Layer layer : config.layers()) {
        if (!stores.containsKey(layer.tileDir())) {
          TileStore reused = previous == null ? null : previous.stores.get(layer.tileDir());
          stores.put(layer.tileDir(), reused != null ? reused : open(layer, clock));
        }
      }
    } catch (IllegalArgumentException e) {
      closeStoresNotIn(stores, previous == null ? Map.of() : previous.stores);
      throw e;
    }
    boolean same = previous != null;
    RenderdClient renderd = same && previous.config.renderd().equals(config.renderd()) ? previous.renderd
        : config.renderd().map(address -> new RenderdClient(address, ticker)).orElse(null);
    Throttle throttle = same && previous.config.throttle().equals(config.throttle()) ? previous.throttle
        : new Throttle(config.throttle());
    TileCache hotTiles = same && previous.config.tiles().hotCacheBytes() == config.tiles().hotCacheBytes()
        && previous.config.tiles().revalidate().equals(config.tiles().revalidate()) ? previous.hotTiles
        : new TileCache(config.tiles().hotCacheBytes(), config.tiles().revalidate().toNanos());
    RenderWaits waits = same ? previous.waits : new RenderWaits();
    FrontendStats stats = same && previous.config.layers().equals(config.layers()) ? previous.stats
        : new FrontendStats(config.layers(), waits::waiting, hotTiles::size);
    boolean sameAdmin = same && previous.config.admin().equals(config.admin()) && previous.stats == stats
        && previous.throttle == throttle;
    Activity activity = sameAdmin ? previous.activity
        : config.admin().enabled() ? Activity.recording() : Activity.NONE;
    AdminData admin = sameAdmin ? previous.admin
        : config.admin().enabled()
        ? AdminData.start(config.admin(), stats, activity, waits::waiting,
            client -> throttle.state(client, ticker.getAsLong()), clock)
        : null;
    Popularity popularity = same && previous.config.popularity().equals(config.popularity()) ? previous.popularity
        : Popularity.start(config.popularity(), clock);
    return new Site(config, stores, renderd, throttle, hotTiles, waits, stats, activity, admin, popularity, clock,
        ticker, random);
  }

  private static TileStore open(Layer layer, Clock clock) {
    try {
      return TileStores.open(layer.tileDir(), clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer " + layer.style() + " at " + layer.uri() + ": " + e.getMessage(), e);
    }
  }

  /** Starts what works in the background: the popularity refresh. */
  void start() {
    if (refresher != null) {
      refresher.start();
    }
  }

  /** Closes what this site has and {@code next} (null when stopping) does not use. */
  void closeUnused(Site next) {
    if (refresher != null) {
      refresher.close();
    }
    if (next == null || next.popularity != popularity) {
      popularity.close();
    }
    closeStoresNotIn(stores, next == null ? Map.of() : next.stores);
    if (renderd != null && (next == null || next.renderd != renderd)) {
      renderd.close();
    }
    if (admin != null && (next == null || next.admin != admin)) {
      admin.close();
    }
  }

  private static void closeStoresNotIn(Map<String, TileStore> stores, Map<String, TileStore> kept) {
    stores.forEach((dir, store) -> {
      if (kept.get(dir) != store) {
        try {
          store.close();
        } catch (IOException e) {
          log.warn("closing {}: {}", store, e.toString());
        }
      }
    });
  }
}
