package org.jtile.frontend.http;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.admin.Activity;
import org.jtile.frontend.cachecontrol.CachePolicy;
import org.jtile.frontend.cachecontrol.Expiry;
import org.jtile.frontend.cachecontrol.TileState;
import org.jtile.frontend.hottiles.TileCache;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.Popularity;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.renderd.RenderWaits;
import org.jtile.frontend.renderd.Rendering;
import org.jtile.frontend.stats.FrontendStats.Served;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.metatile.MetatileFormatException;
import org.jtile.metatile.TileData;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one tile: mod_tile's state machine ({@code tile_storage_hook} in mod_tile.c) and headers ({@code
 * add_expiry}), the HTTP semantics behind {@link TileHandler}.
 *
 * <ul>
 *   <li>Fresh: served. Stale (old / very old): re-rendered with RenderLow / Render, waiting up to the stale
 *       timeout, then served fresh or stale; served at once while the popularity refresh has a backlog. Missing: RenderPrio, waiting up to the missing timeout, then
 *       served or 404.
 *   <li>Renderd busy ({@link RenderPolicy}): stale tiles served at once, missing ones 404 at once; either way
 *       the metatile is queued as Dirty so it is rendered when renderd has time.
 *   <li>Headers: ETag (quoted MD5, kept with the tile in the hot cache so it is not hashed per request),
 *       a real Last-Modified, Cache-Control and Expires from {@link CachePolicy} (kept with the tile for
 *       the second they were built in, {@link Expiry}); If-None-Match or
 *       If-Modified-Since give 304.
 *   <li>Throttled clients get 429 (or 503) with Retry-After at once; a client out of renders still gets
 *       stale tiles.
 *   <li>A wait for renderd holds no thread: the answer is written from the server's pool when renderd
 *       answers or the timeout passes.
 * </ul>
 */
final class TileService {
  private static final Logger log = LoggerFactory.getLogger(TileService.class);
  private static final CompletableFuture<Command> NOT_DONE = CompletableFuture.completedFuture(Command.NOT_DONE);

  private final CachePolicy cachePolicy;
  private final Duration veryOldThreshold;
  private final Clock clock;
  /** Monotonic time (System.nanoTime, or a test's): the throttle's buckets, the hot tiles' revalidation. */
  private final LongSupplier ticker;
  /** Null when no renderd is configured: missing tiles are 404, stale ones served as they are. */
  private final Rendering rendering;
  private final RenderWaits waits;
  private final Throttle throttle;
  private final TileCache hotTiles;
  private final FrontendStats stats;
  /** What the operations page shows; {@link Activity#NONE} when it is off. */
  private final Activity activity;
  private final Popularity popularity;
  /** Each layer's Content-Type, encoded once. */
  private final ConcurrentHashMap<String, HttpField> contentTypes = new ConcurrentHashMap<>();

  TileService(CachePolicy cachePolicy, Duration veryOldThreshold, Clock clock, LongSupplier ticker,
      Rendering rendering, RenderWaits waits, Throttle throttle, TileCache hotTiles, FrontendStats stats,
      Activity activity, Popularity popularity) {
    this.cachePolicy = cachePolicy;
    this.veryOldThreshold = veryOldThreshold;
    this.clock = clock;
    this.ticker = ticker;
    this.rendering = rendering;
    this.waits = waits;
    this.throttle = throttle;
    this.hotTiles = hotTiles;
    this.stats = stats;
    this.activity = activity;
    this.popularity = popularity;
  }

  /**
   * {@code key}'s tile if it is in the hot cache and recently checked: {@link #serve} with it needs no store,
   * only memory (a render it asks for is answered on the pool).
   */
  Optional<TileCache.Entry> hot(TileKey key) {
    return hotTiles.recent(key, ticker.getAsLong());
  }

  /** Serves {@code key}'s tile: {@code recent} is its hot copy from {@link #hot}, or empty to stat the store. */
  void serve(Request request, Response response, Callback callback, TileRequest tile, TileStore store,
      TileKey key, InetAddress client, Optional<TileCache.Entry> recent) {
    activity.viewed(tile.tile(), client);
    long throttled = throttle.tile(client, ticker.getAsLong());
    if (throttled > 0) {
      stats.throttled(false);
      activity.throttled(client);
      deny(request, response, callback, throttled);
      return;
    }
    // counted past the throttle: a bulk downloader's share of views does not decide what is refreshed
    popularity.viewed(tile.layer().style(), tile.options(), tile.tile());
    Call call = new Call(request, response, callback, tile, store, key);
    Instant now = clock.instant();
    long nowNanos = ticker.getAsLong();
    TileStat stat;
    try {
      stat = recent.isPresent() ? recent.get().stat() : store.stat(key);
    } catch (IOException e) {
      statFailed(call, e);
      return;
    }
    TileState before = TileState.of(stat, now, veryOldThreshold);
    if (!wantsRender(before)) {
      deliver(call, stat, now, nowNanos, recent, cacheServed(before));
      return;
    }
    long renderWait = throttle.render(client, nowNanos);
    if (renderWait > 0) {
      // out of renders: a stale tile is still served as it is; a missing one cannot be
      stats.throttled(true);
      activity.throttled(client);
      if (before == TileState.MISSING) {
        deny(request, response, callback, renderWait);
      } else {
        deliver(call, stat, now, nowNanos, recent, cacheServed(before));
      }
      return;
    }
    activity.renderAsked(tile.tile(), client);
    CompletableFuture<Command> rendered = render(tile, before, Throttle.key(client));
    if (rendered.isDone() && rendered.join() != Command.DONE) { // no new tile to read: nothing waits on a store
      afterRender(call, before, stat, now, nowNanos, recent, rendered.join());
    } else {
      // the wait holds no server thread: the answer continues on the server's pool (or, once that has
      // stopped taking work, on the thread that completed the wait, so the request still ends)
      Executor pool = request.getComponents().getThreadPool();
      rendered.thenAcceptAsync(result -> afterRender(call, before, stat, now, nowNanos, recent, result), task -> {
        try {
          pool.execute(task);
        } catch (RejectedExecutionException e) {
          task.run();
        }
      });
    }
  }

  /** Serves the tile as renderd left it: the new one when it answered Done, else what was stored. */
  private void afterRender(Call call, TileState before, TileStat stat, Instant now, long nowNanos,
      Optional<TileCache.Entry> recent, Command result) {
    try {
      if (result == Command.DONE) {
        Instant after = clock.instant();
        long afterNanos = ticker.getAsLong();
        TileStat fresh;
        try {
          fresh = call.store.stat(call.key);
        } catch (IOException e) {
          statFailed(call, e);
          return;
        }
        deliver(call, fresh, after, afterNanos, Optional.empty(), Served.FRESH_RENDER);
      } else {
        deliver(call, stat, now, nowNanos, recent, switch (before) {
          case OLD -> Served.OLD_RENDER;
          case VERY_OLD -> Served.VERY_OLD_RENDER;
          default -> cacheServed(before);
        });
      }
    } catch (RuntimeException e) {
      log.warn("cannot serve {} after its render: {}", call.store.id(call.key), e.toString());
      call.callback.failed(e);
    }
  }

  private void statFailed(Call call, IOException e) {
    log.warn("cannot stat {}: {}", call.store.id(call.key), e.getMessage());
    Response.writeError(call.request, call.response, call.callback, HttpStatus.NOT_FOUND_404);
  }

  /** Answers with the tile {@code stat} describes: the hot copy, or read from the store; 404 if none. */
  private void deliver(Call call, TileStat stat, Instant now, long nowNanos, Optional<TileCache.Entry> recent,
      Served served) {
    int z = call.tile.tile().z();
    Optional<TileCache.Entry> cached = recent.isPresent() ? recent
        : stat.exists() ? read(call.store, call.key, stat, nowNanos, z) : Optional.empty();
    if (cached.isEmpty()) {
      Response.writeError(call.request, call.response, call.callback, HttpStatus.NOT_FOUND_404);
      return;
    }
    if (recent.isPresent()) {
      stats.tileRead(z, 0, true);
    }
    stats.served(served);
    respond(call.request, call.response, call.callback, call.tile, call.store, call.key, stat, now, cached.get());
  }

  /** One tile request on its way through: what the answer needs, whichever thread writes it. */
  private record Call(Request request, Response response, Callback callback, TileRequest tile, TileStore store,
      TileKey key) {}

  /**
   * Missing and stale tiles are rendered; in bulk mode only missing ones (ModTileBulkMode), and while the
   * popularity refresh works through stale metatiles (after an import) stale ones are served at once: the
   * refresh renders them most-viewed first, which a render per view would only reorder by arrival.
   */
  private boolean wantsRender(TileState state) {
    return rendering != null && (state == TileState.MISSING
        || state != TileState.FRESH && !rendering.policy().bulkMode() && !popularity.refreshing());
  }

  private static Served cacheServed(TileState state) {
    return switch (state) {
      case OLD -> Served.OLD_CACHE;
      case VERY_OLD -> Served.VERY_OLD_CACHE;
      default -> Served.FRESH_CACHE;
    };
  }

  private void respond(Request request, Response response, Callback callback, TileRequest tile, TileStore store,
      TileKey key, TileStat stat, Instant now, TileCache.Entry entry) {
    TileState state = TileState.of(stat, now, veryOldThreshold);
    String host = Responses.authority(request);
    Expiry expiry = entry.lastExpiry().get();
    if (expiry == null || !expiry.holds(now.getEpochSecond(), state, cachePolicy.extendedHost(host))) {
      expiry = cachePolicy.expiry(state, tile.tile().z(), tile.layer().maxZoom(), now, stat.modified(), host);
      entry.lastExpiry().set(expiry);
    }
    var headers = response.getHeaders();
    // added, not put: no handler before this one sets them, and put scans the fields for each
    headers.add(entry.etag());
    headers.add(entry.lastModified());
    headers.add(expiry.cacheControl());
    headers.add(expiry.expires());
    if (Responses.notModified(request, entry.etag().getValue(), stat.modified())) {
      Responses.notModified(response, callback);
      return;
    }
    TileData data = entry.data();
    byte[] body = data.bytes();
    if (data.gzipped()) {
      String accepted = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
      if (accepted != null && accepted.contains("gzip")) {
        headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
      } else {
        try {
          body = data.inflated();
        } catch (MetatileFormatException e) {
          log.warn("corrupt compressed tile in {}: {}", store.id(key), e.getMessage());
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
          return;
        }
      }
    }
    HttpField type = contentTypes.computeIfAbsent(tile.layer().mimeType(),
        mimeType -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, mimeType));
    Responses.ok(request, response, callback, type, body);
  }

  /**
   * Answers at once with the throttle's status and a Retry-After — no sleeping server thread, unlike
   * mod_tile's delay pools.
   */
  private void deny(Request request, Response response, Callback callback, long waitNanos) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.min(seconds, 86400));
    Response.writeError(request, response, callback, throttle.config().deniedStatus());
  }

  /**
   * Asks renderd for the tile with the priority its state calls for — RenderBulk once {@code client}
   * already waits for its share — and completes with the answer or NotDone at the timeout; when renderd
   * is busy, queues it as Dirty and completes at once.
   */
  private CompletableFuture<Command> render(TileRequest tile, TileState state, String client) {
    RenderPolicy policy = rendering.policy();
    boolean missing = state == TileState.MISSING;
    int already = waits.tryEnter(client, missing ? policy.busyMissing() : policy.busyOld(), policy.maxWaiting());
    if (already < 0) {
      stats.renderdBusy(missing);
      rendering.client().dirty(message(tile, Command.DIRTY), client);
      return NOT_DONE;
    }
    long start = System.nanoTime();
    Command command;
    if (policy.bulkMode()) {
      command = Command.RENDER_BULK;
    } else if (already >= policy.clientInFlight()) {
      stats.renderDemoted();
      command = Command.RENDER_BULK;
    } else {
      command = switch (state) {
        case MISSING -> Command.RENDER_PRIO;
        case OLD -> Command.RENDER_LOW;
        default -> Command.RENDER;
      };
    }
    Duration timeout = missing ? policy.missingTimeout() : policy.staleTimeout();
    return rendering.client().render(message(tile, command), client, timeout).whenComplete((result, error) -> {
      waits.exit(client);
      stats.renderWait(result, System.nanoTime() - start);
    });
  }

  /** The request struct: v3 with the options for parameterised layers, else v2, as mod_tile sends. */
  static RenderMessage message(TileRequest tile, Command command) {
    Layer layer = tile.layer();
    ProtocolVersion version = layer.parameterized() ? ProtocolVersion.V3 : ProtocolVersion.V2;
    return new RenderMessage(version, command, tile.tile().x(), tile.tile().y(), tile.tile().z(), layer.style(),
        layer.mimeType(), tile.options());
  }

  /** The tile from the hot cache if it is still that version, else read from the store and cached. */
  private Optional<TileCache.Entry> read(TileStore store, TileKey key, TileStat stat, long statNanos, int z) {
    long start = System.nanoTime();
    Optional<TileCache.Entry> hit = hotTiles.get(key, stat, statNanos);
    if (hit.isPresent()) {
      stats.tileRead(z, System.nanoTime() - start, true);
      return hit;
    }
    Optional<TileCache.Entry> read = readStore(store, key)
        .map(data -> TileCache.Entry.of(data, Responses.etag(data.bytes()), stat, statNanos));
    read.ifPresent(entry -> hotTiles.put(key, entry));
    stats.tileRead(z, System.nanoTime() - start, false);
    return read;
  }

  private static Optional<TileData> readStore(TileStore store, TileKey key) {
    try {
      return store.read(key);
    } catch (MetatileFormatException e) {
      log.warn("corrupt metatile for {}: {}", store.id(key), e.getMessage());
    } catch (IOException e) {
      log.warn("cannot read {}: {}", store.id(key), e.getMessage());
    }
    return Optional.empty();
  }
}
