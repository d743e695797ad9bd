package org.jtile.renderd.render;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.protocol.Command;
import org.jtile.render.RenderException;
import org.jtile.render.Renderer;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.JobSource;
import org.jtile.renderd.queue.Waiter;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One render thread's loop until the queue closes: take a job, render it with this thread's own renderer, store the
 * metatile, answer every waiter. A failure answers NotDone, logs one line and goes on to the next job
 * (mod_tile's thread sleeps 10 s instead; nothing is gained by that). Between jobs it picks up a reloaded
 * configuration ({@link Generation}) by opening new renderers on its own thread.
 */
public final class RenderWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RenderWorker.class);

  /** How long a worker waits for work before checking whether it should stop. */
  private static final long POLL_SECONDS = 1;

  private final JobSource queue;
  private final Supplier<Generation> generations;
  private final Opener opener;
  private final Function<MapConfig, TileStore> stores;
  private final RenderListener listener;
  /** Confined to this worker's thread, as are the renderers. */
  private Generation generation;
  private Renderer renderer;

  /** Told about every finished job, for metrics. Called without any lock held. */
  public interface RenderListener {
    void rendered(Job job, Command result, long millis);
  }

  /** Opens a thread's renderers for a configuration. */
  @FunctionalInterface
  public interface Opener {
    Renderer open(RenderdConfig config) throws RenderException;
  }

  /**
   * @param generation the configuration {@code renderer} was opened for
   * @param generations the latest configuration, checked between jobs
   */
  public RenderWorker(JobSource queue, Generation generation, Renderer renderer, Supplier<Generation> generations,
      Opener opener, Function<MapConfig, TileStore> stores, RenderListener listener) {
    this.queue = queue;
    this.generation = generation;
    this.renderer = renderer;
    this.generations = generations;
    this.opener = opener;
    this.stores = stores;
    this.listener = listener;
  }

  @Override
  public void run() {
    try {
      while (!queue.isClosed()) {
        Job job = queue.take(POLL_SECONDS, TimeUnit.SECONDS);
        if (job != null) {
          // the job may be for a map a reload just added: render with the latest configuration
          follow(generations.get());
          process(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      renderer.close();
    }
  }

  /** Reopens this thread's renderers for a reloaded configuration; on failure keeps rendering the old one. */
  private void follow(Generation latest) {
    if (latest.number() == generation.number()) {
      return;
    }
    try {
      Renderer next = opener.open(latest.config());
      renderer.close();
      renderer = next;
    } catch (RenderException | RuntimeException e) {
      log.error("cannot load the reloaded styles on {}; rendering the previous ones: {}",
          Thread.currentThread().getName(), e.getMessage());
    }
    generation = latest;
  }

  void process(Job job) {
    long start = System.nanoTime();
    Command result = render(job);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    List<Waiter> waiters = queue.complete(job, result, millis);
    for (Waiter waiter : waiters) {
      waiter.answer(result);
    }
    listener.rendered(job, result, millis);
  }

  private Command render(Job job) {
    JobKey key = job.key();
    MapConfig map = generation.maps().get(key.style());
    if (map == null || !map.contains(key.z(), key.x(), key.y())) {
      return Command.IGNORE;
    }
    MetatileCoord origin = new MetatileCoord(key.z(), key.x(), key.y());
    try {
      byte[] metatile = MetatileWriter.write(origin, renderer.render(map, origin, job.options()));
      stores.apply(map).write(new MetatileKey(map.name(), job.options(), origin), metatile);
      log.debug("DONE TILE {} {} {}-{} {}-{}", map.name(), key.z(), key.x(), key.x() + 7, key.y(), key.y() + 7);
      return Command.DONE;
    } catch (RenderException | RuntimeException e) {
      log.error("failed to render TILE {} {} {}-{} {}-{}: {}", map.name(), key.z(), key.x(), key.x() + 7,
          key.y(), key.y() + 7, e.toString());
      return Command.NOT_DONE;
    } catch (java.io.IOException e) {
      log.error("failed to store TILE {} {} {}-{} {}-{}: {}", map.name(), key.z(), key.x(), key.x() + 7,
          key.y(), key.y() + 7, e.getMessage());
      return Command.NOT_DONE;
    }
  }
}
