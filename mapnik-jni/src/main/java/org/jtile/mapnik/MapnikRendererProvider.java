package org.jtile.mapnik;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.render.RenderException;
import org.jtile.render.Renderer;
import org.jtile.render.RendererProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code renderer = mapnik}, the default for every map with an XML style.
 *
 * <p>Encoding the 64 tiles of a metatile is most of its cost for simple styles. C renderd encodes them
 * one by one on the render thread; here the cores that render threads leave idle ({@code CPUs -
 * num_threads}, none when every core has a render thread) encode columns in parallel, so the CPU
 * budget is never exceeded. Render thread and helpers take columns from one counter, so a busy pool
 * only means the render thread encodes more itself. The pool's queue is bounded; when it is full the
 * helper task runs on the render thread, which is the same thing.
 */
public final class MapnikRendererProvider implements RendererProvider {
  private static final Logger log = LoggerFactory.getLogger(MapnikRendererProvider.class);

  /** Shared by the render threads of one daemon. Guarded by this. */
  private ExecutorService encoders;
  /** Guarded by this. */
  private boolean encodersDecided;

  @Override
  public String name() {
    return "mapnik";
  }

  @Override
  public Renderer open(RenderdConfig config, List<MapConfig> maps) throws RenderException {
    try {
      Mapnik.initialise(config.mapnik().pluginsDir(), config.mapnik().fontDir(), config.mapnik().fontDirRecurse());
    } catch (MapnikException e) {
      throw new RenderException(e.getMessage(), e);
    }
    MapnikRenderer renderer = new MapnikRenderer(encoders(config.numThreads()));
    try {
      for (MapConfig map : maps) {
        MapnikMap loaded;
        try {
          loaded = MapnikMap.load(Path.of(map.xml()));
        } catch (MapnikException e) {
          throw new RenderException("map " + map.name() + ": " + e.getMessage(), e);
        }
        Projection projection = Projection.of(loaded.srs());
        if (projection == null) {
          log.warn("map {}: unknown projection, using web mercator: {}", map.name(), loaded.srs());
          projection = Projection.WEB_MERCATOR;
        }
        renderer.add(map, loaded, projection);
      }
      return renderer;
    } catch (RenderException | RuntimeException e) {
      renderer.close();
      throw e;
    }
  }

  private synchronized ExecutorService encoders(int renderThreads) {
    if (!encodersDecided) {
      encodersDecided = true;
      int idle = Runtime.getRuntime().availableProcessors() - renderThreads;
      if (idle > 0) {
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(idle, idle, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(8 * renderThreads), r -> {
              Thread t = new Thread(r, "mapnik-encoder-" + ids.getAndIncrement());
              t.setDaemon(true);
              return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        encoders = pool;
        log.info("encoding tiles on {} spare core(s) besides {} render thread(s)", idle, renderThreads);
      }
    }
    return encoders;
  }
}
