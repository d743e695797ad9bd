package org.jtile.frontend.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.cache.CachePolicy;
import org.jtile.frontend.cache.TileCache;
import org.jtile.frontend.cache.TileState;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.render.Rendering;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.metatile.MetatileFormatException;
import org.jtile.metatile.TileData;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves tiles and their status out of the metatile stores: the request path HTTP → layer → store →
 * metatile → response.
 *
 * <p>Headers as mod_tile sets them (§5.6: Content-Type, ETag = quoted MD5 of the bytes, Cache-Control
 * max-age and Expires from {@link CachePolicy}), plus a real Last-Modified (the metatile's mtime) so
 * If-Modified-Since works too. Either validator matching gives 304. Malformed paths and anything that
 * is not there are 404s answered at once (mod_tile sleeps 3 s on out-of-range tiles, holding a thread).
 *
 * <p>Rendering (§5.3): a missing tile is asked for with RenderPrio and waited for up to the missing
 * timeout, then served or 404; an old tile with RenderLow, a very old one with Render, up to the stale
 * timeout, then served fresh or stale. {@code /dirty} queues a Dirty render and does not wait.
 */
public final class TileHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(TileHandler.class);

  private final TileRequestParser parser;
  private final Function<Layer, TileStore> stores;
  private final CachePolicy cachePolicy;
  private final Duration veryOldThreshold;
  private final Clock clock;
  /** Null when no renderd is configured: missing tiles are 404, stale ones served as they are. */
  private final Rendering rendering;
  private final Throttle throttle;
  private final TileCache hotTiles;
  private final ConcurrentHashMap<Layer, Cors> corsRules = new ConcurrentHashMap<>();

  public TileHandler(TileRequestParser parser, Function<Layer, TileStore> stores, CachePolicy cachePolicy,
      Duration veryOldThreshold, Clock clock, Rendering rendering, Throttle throttle, TileCache hotTiles) {
    this.parser = parser;
    this.stores = stores;
    this.cachePolicy = cachePolicy;
    this.veryOldThreshold = veryOldThreshold;
    this.clock = clock;
    this.rendering = rendering;
    this.throttle = throttle;
    this.hotTiles = hotTiles;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    TileRequestParser.Result parsed = parser.parse(request.getHttpURI().getPath());
    if (!parsed.layerMatched()) {
      return false;
    }
    Optional<TileRequest> tileRequest = parsed.request();
    if (tileRequest.isEmpty() || (tileRequest.get().kind() == TileRequest.Kind.DIRTY && rendering == null)) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    TileRequest tile = tileRequest.get();
    String method = request.getMethod();
    boolean corsApplies = tile.kind() == TileRequest.Kind.TILE || tile.kind() == TileRequest.Kind.TILE_JSON;
    if (corsApplies && !corsRules.computeIfAbsent(tile.layer(), l -> new Cors(l.cors())).apply(request, response, callback)) {
      return true;
    }
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    if (tile.kind() == TileRequest.Kind.TILE_JSON) {
      TileJson.respond(request, response, callback, tile.layer(), clock.instant());
      return true;
    }
    TileKey key = new TileKey(tile.layer().style(), tile.options(), tile.tile());
    TileStore store = stores.apply(tile.layer());
    if (tile.kind() == TileRequest.Kind.STATUS) {
      status(store, key, response, callback);
    } else if (tile.kind() == TileRequest.Kind.DIRTY) {
      // answered the same whether or not renderd took it, as mod_tile does
      rendering.client().dirty(message(tile, Command.DIRTY));
      Responses.text(response, callback, "Tile submitted for rendering\n");
    } else {
      tile(request, response, callback, tile, store, key);
    }
    return true;
  }

  private void tile(Request request, Response response, Callback callback, TileRequest tile, TileStore store,
      TileKey key) {
    InetAddress client = client(request);
    if (denied(request, response, callback, throttle.tile(client, System.nanoTime()))) {
      return;
    }
    Instant now = clock.instant();
    TileStat stat;
    try {
      stat = store.stat(key);
      TileState before = TileState.of(stat, now, veryOldThreshold);
      boolean wantsRender = before != TileState.FRESH && rendering != null;
      long renderWait = wantsRender ? throttle.render(client, System.nanoTime()) : 0;
      if (renderWait > 0) {
        // out of renders: a stale tile is still served as it is; a missing one cannot be
        wantsRender = false;
        if (before == TileState.MISSING) {
          denied(request, response, callback, renderWait);
          return;
        }
      }
      if (wantsRender && render(tile, before) == Command.DONE) {
        now = clock.instant();
        stat = store.stat(key);
      }
    } catch (IOException e) {
      log.warn("cannot stat {}: {}", store.id(key), e.getMessage());
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return;
    }
    Optional<TileCache.Entry> cached = stat.exists() ? cached(store, key, stat) : Optional.empty();
    if (cached.isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return;
    }
    TileData tileData = cached.get().data();
    TileState state = TileState.of(stat, now, veryOldThreshold);
    long maxAge = cachePolicy.maxAge(state, tile.tile().z(), tile.layer().maxZoom(), now, stat.modified(),
        request.getHeaders().get(HttpHeader.HOST));
    String etag = cached.get().etag();
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(stat.modified()));
    headers.put(HttpHeader.CACHE_CONTROL, cachePolicy.cacheControl(state, maxAge));
    headers.put(HttpHeader.EXPIRES, DateGenerator.formatDate(now.plusSeconds(maxAge)));
    if (Responses.notModified(request, etag, stat.modified())) {
      Responses.notModified(response, callback);
      return;
    }
    byte[] body = tileData.bytes();
    if (tileData.gzipped()) {
      String accepted = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
      if (accepted != null && accepted.contains("gzip")) {
        headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
      } else {
        try {
          body = tileData.inflated();
        } catch (MetatileFormatException e) {
          log.warn("corrupt compressed tile in {}: {}", store.id(key), e.getMessage());
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
          return;
        }
      }
    }
    Responses.ok(request, response, callback, tile.layer().mimeType(), body);
  }

  private InetAddress client(Request request) {
    InetAddress peer = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
    return throttle.client(peer, request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
  }

  /**
   * Answers at once with the throttle's status and a Retry-After when {@code waitNanos} is positive —
   * no sleeping server thread, unlike mod_tile's delay pools.
   */
  private boolean denied(Request request, Response response, Callback callback, long waitNanos) {
    if (waitNanos <= 0) {
      return false;
    }
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.min(seconds, 86400));
    Response.writeError(request, response, callback, throttle.config().deniedStatus());
    return true;
  }

  /** Asks renderd for the tile with the priority its state calls for, waiting up to that timeout. */
  private Command render(TileRequest tile, TileState state) {
    Command command = switch (state) {
      case MISSING -> Command.RENDER_PRIO;
      case OLD -> Command.RENDER_LOW;
      default -> Command.RENDER;
    };
    Duration timeout = state == TileState.MISSING ? rendering.missingTimeout() : rendering.staleTimeout();
    return rendering.client().render(message(tile, command), timeout);
  }

  /** The request struct: v3 with the options for parameterised layers, else v2, as mod_tile sends. */
  private static RenderMessage message(TileRequest tile, Command command) {
    Layer layer = tile.layer();
    ProtocolVersion version = layer.parameterized() ? ProtocolVersion.V3 : ProtocolVersion.V2;
    return new RenderMessage(version, command, tile.tile().x(), tile.tile().y(), tile.tile().z(), layer.style(),
        layer.mimeType(), tile.options());
  }

  /** The tile from the hot cache if it is still that version, else read from the store and cached. */
  private Optional<TileCache.Entry> cached(TileStore store, TileKey key, TileStat stat) {
    Optional<TileCache.Entry> hit = hotTiles.get(key, stat);
    if (hit.isPresent()) {
      return hit;
    }
    Optional<TileCache.Entry> read = read(store, key)
        .map(data -> new TileCache.Entry(data, Responses.etag(data.bytes()), stat.modified(), stat.size()));
    read.ifPresent(entry -> hotTiles.put(key, entry));
    return read;
  }

  private static Optional<TileData> read(TileStore store, TileKey key) {
    try {
      return store.read(key);
    } catch (MetatileFormatException e) {
      log.warn("corrupt metatile for {}: {}", store.id(key), e.getMessage());
    } catch (IOException e) {
      log.warn("cannot read {}: {}", store.id(key), e.getMessage());
    }
    return Optional.empty();
  }

  private static void status(TileStore store, TileKey key, Response response, Callback callback) throws IOException {
    TileStat stat = store.stat(key);
    String text;
    if (!stat.exists()) {
      text = "No tile could be found at storage location: " + store.id(key) + "\n";
    } else {
      text = "Tile is " + (stat.expired() ? "due to be rendered" : "clean") + ". Last rendered at "
          + DateGenerator.formatDate(stat.modified()) + ". Stored in " + store.id(key) + "\n";
    }
    Responses.text(response, callback, text);
  }

  /** The stores of a set of layers, one per distinct storage string. */
  public static Function<Layer, TileStore> storesBy(Map<String, TileStore> byStorage) {
    return layer -> byStorage.get(layer.tileDir());
  }
}
