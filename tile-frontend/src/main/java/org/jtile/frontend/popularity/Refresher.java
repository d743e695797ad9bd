package org.jtile.frontend.popularity;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderdClient;
import org.jtile.metatile.TileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.Ranked;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-renders stale metatiles most-viewed first: every refresh interval, on its thread ({@code
 * frontend-refresh}), takes the merged records' most-viewed metatiles up to the configured share of all
 * views, finds those stored but stale (older than the planet import, or back-dated by an expiry) and
 * asks renderd for them as RenderBulk, {@code in_flight} at a time. RenderBulk is renderd's lowest
 * class, so viewers' own renders always go first and the refresh uses what capacity is left; a metatile
 * a viewer got re-rendered meanwhile is checked again just before it is asked for, and skipped.
 * Metatiles nobody viewed are left to render on view.
 */
public final class Refresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Refresher.class);
  /** Whose renders these are, for renderd's fair share between clients. */
  static final String CLIENT = "popularity-refresh";
  /** A bulk render renderd has not answered in this long frees its slot (renderd still has it queued). */
  private static final Duration RENDER_TIMEOUT = Duration.ofMinutes(10);

  private final Popularity popularity;
  private final PopularityConfig config;
  private final RenderdClient renderd;
  /** The first layer of each style, and its store; fixed for this refresher (a reload makes a new one). */
  private final Map<String, Layer> layers = new HashMap<>();
  private final Function<Layer, TileStore> stores;
  private final Semaphore slots;
  private final Thread thread;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong rendered = new AtomicLong();
  private volatile boolean closed;
  /** Whether the last pass found stale metatiles: the refresh's start and end are logged once. Refresh thread. */
  private boolean working;

  public Refresher(Popularity popularity, List<Layer> layers, Function<Layer, TileStore> stores,
      RenderdClient renderd) {
    this.popularity = popularity;
    this.config = popularity.config();
    this.renderd = renderd;
    this.stores = stores;
    for (Layer layer : layers) {
      if (!layer.parameterized()) {
        this.layers.putIfAbsent(layer.style(), layer);
      }
    }
    this.slots = new Semaphore(config.inFlight());
    this.thread = new Thread(this::run, "frontend-refresh");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Stale popular metatiles found in the current pass and not yet answered. */
  public long backlog() {
    return backlog.get();
  }

  /** Metatiles re-rendered (renderd answered Done) since start. */
  public long rendered() {
    return rendered.get();
  }

  private void run() {
    while (!closed) {
      long started = System.nanoTime();
      boolean cutShort = false;
      try {
        cutShort = pass();
      } catch (RuntimeException e) {
        log.warn("popularity refresh pass failed: {}", e.toString());
      }
      long rest = config.refreshInterval().toNanos() - (System.nanoTime() - started);
      if (rest > 0 && !cutShort && !closed) {
        try {
          TimeUnit.NANOSECONDS.sleep(rest);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * One look at the most-viewed metatiles, rendering the stale ones in order. A pass lasts one refresh
   * interval at most, then the next one ranks and looks again at once: an import during a pass (the
   * most-viewed checked before it, found fresh) must not leave them behind the pass's less-viewed rest.
   * Returns whether it was cut short with stale metatiles left.
   */
  boolean pass() {
    PopularityRecord merged = popularity.merged().orElse(null);
    if (merged == null) {
      return false;
    }
    long deadline = System.nanoTime() + config.refreshInterval().toNanos();
    List<Ranked> stale = new ArrayList<>();
    double cut = config.refreshShare() * merged.totalViews();
    long covered = 0;
    for (Ranked r : merged.ranked()) {
      if (covered >= cut || closed) {
        break;
      }
      covered += r.views();
      if (layers.containsKey(r.layer()) && isStale(r)) {
        stale.add(r);
      }
    }
    backlog.set(stale.size());
    if (stale.isEmpty()) {
      if (working) {
        working = false;
        log.info("popularity refresh done: {} metatiles re-rendered since start", rendered.get());
      }
      return false;
    }
    if (!working) {
      working = true;
      log.info("popularity refresh: {} stale metatiles among those carrying {}% of views, most-viewed first",
          stale.size(), Math.round(config.refreshShare() * 100));
    }
    int asked = 0;
    boolean cutShort = false;
    for (Ranked r : stale) {
      if (asked >= config.inFlight() && System.nanoTime() - deadline > 0) {
        cutShort = true;
        break;
      }
      if (!acquire()) {
        break;
      }
      if (!isStale(r)) { // a viewer had it re-rendered meanwhile
        slots.release();
        backlog.decrementAndGet();
        continue;
      }
      asked++;
      renderd.render(message(r), CLIENT, RENDER_TIMEOUT).whenComplete((result, error) -> {
        if (result == Command.DONE) {
          rendered.incrementAndGet();
        }
        backlog.decrementAndGet();
        slots.release();
      });
    }
    awaitAnswers();
    return cutShort;
  }

  /** Waits until every render this pass asked for is answered (or timed out), so passes never overlap. */
  private void awaitAnswers() {
    try {
      if (slots.tryAcquire(config.inFlight(), RENDER_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS)) {
        slots.release(config.inFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a free slot, a second at a time so a close is noticed; false once closed. */
  private boolean acquire() {
    try {
      while (!closed) {
        if (slots.tryAcquire(1, TimeUnit.SECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private boolean isStale(Ranked r) {
    Layer layer = layers.get(r.layer());
    TileKey key = new TileKey(layer.style(), "", new TileCoord(r.coord().z(), r.coord().x(), r.coord().y()));
    TileStore store = stores.apply(layer);
    try {
      TileStat stat = store.stat(key);
      return stat.exists() && stat.expired();
    } catch (IOException e) {
      log.warn("popularity refresh: cannot stat {}: {}", store.id(key), e.getMessage());
      return false;
    }
  }

  private RenderMessage message(Ranked r) {
    Layer layer = layers.get(r.layer());
    return new RenderMessage(ProtocolVersion.V2, Command.RENDER_BULK, r.coord().x(), r.coord().y(), r.coord().z(),
        layer.style(), layer.mimeType(), "");
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
