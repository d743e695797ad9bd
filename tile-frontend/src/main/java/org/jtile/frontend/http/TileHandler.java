package org.jtile.frontend.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.admin.Activity;
import org.jtile.frontend.cachecontrol.CachePolicy;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.TileSettings;
import org.jtile.frontend.hottiles.TileCache;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.Popularity;
import org.jtile.frontend.renderd.RenderWaits;
import org.jtile.frontend.renderd.Rendering;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.protocol.Command;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;

/**
 * The request path HTTP → layer → store → metatile → response: routes a layer's URLs (mod_tile.c's {@code
 * tile_translate}) to the tile ({@link TileService}), its {@code /status} and {@code /dirty}, and TileJSON,
 * after CORS ({@code add_cors}) and the method check. Paths under no layer are passed on; malformed or
 * out-of-range ones under a layer are 404s answered at once (mod_tile sleeps 3 s on out-of-range tiles,
 * holding a thread).
 *
 * <p>Non-blocking, so Jetty runs it on the thread that read the request, with no hand-off: what needs only
 * memory (a tile in the hot cache, TileJSON, CORS, errors) is answered there; what may wait on a store
 * (any other tile, /status, /dirty), and every tile asked for over HTTP/2, goes to the server's pool.
 */
public final class TileHandler extends Handler.Abstract.NonBlocking {
  private final TileRequestParser parser;
  private final Function<Layer, TileStore> stores;
  private final TileSettings settings;
  /** Null when no renderd is configured. */
  private final Rendering rendering;
  private final Throttle throttle;
  private final TileService tiles;
  private final FrontendStats stats;
  private final ConcurrentHashMap<Layer, Cors> corsRules = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Popularity popularity;

  /** The tile handler of {@code config}'s layers. */
  public static TileHandler create(FrontendConfig config, Function<Layer, TileStore> stores, Clock clock,
      LongSupplier ticker, CachePolicy cachePolicy, Rendering rendering, RenderWaits waits, Throttle throttle,
      TileCache hotTiles, FrontendStats stats, Activity activity, Popularity popularity) {
    TileService tiles = new TileService(cachePolicy, config.tiles().veryOldThreshold(), clock, ticker, rendering,
        waits, throttle, hotTiles, stats, activity, popularity);
    return new TileHandler(new TileRequestParser(config.layers()), stores, config.tiles(), clock, rendering, throttle,
        tiles, stats, popularity);
  }

  private TileHandler(TileRequestParser parser, Function<Layer, TileStore> stores, TileSettings settings, Clock clock,
      Rendering rendering, Throttle throttle, TileService tiles, FrontendStats stats, Popularity popularity) {
    this.parser = parser;
    this.stores = stores;
    this.settings = settings;
    this.clock = clock;
    this.rendering = rendering;
    this.throttle = throttle;
    this.tiles = tiles;
    this.stats = stats;
    this.popularity = popularity;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    TileRequestParser.Result parsed = parser.parse(request.getHttpURI().getPath());
    if (!parsed.layerMatched()) {
      return false;
    }
    Optional<TileRequest> tileRequest = parsed.request().filter(this::enabled);
    if (tileRequest.isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    TileRequest tile = tileRequest.get();
    if (tile.kind() == TileRequest.Kind.TILE) {
      callback = counted(tile, response, callback);
    }
    boolean corsApplies = tile.kind() == TileRequest.Kind.TILE || tile.kind() == TileRequest.Kind.TILE_JSON;
    if (corsApplies && !corsRules.computeIfAbsent(tile.layer(), l -> new Cors(l.cors())).apply(request, response, callback)) {
      return true;
    }
    if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
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
    InetAddress client = client(request);
    Callback answered = callback;
    switch (tile.kind()) {
      case STATUS -> offload(request, response, callback,
          () -> status(store, key, popularity.status(key.style(), key.tile()), response, answered));
      case DIRTY -> offload(request, response, callback, () -> dirty(tile, Throttle.key(client), response, answered));
      default -> {
        Optional<TileCache.Entry> hot = tiles.hot(key);
        if (hot.isPresent() && answersInPlace(request)) {
          tiles.serve(request, response, callback, tile, store, key, client, hot);
        } else {
          offload(request, response, callback,
              () -> tiles.serve(request, response, answered, tile, store, key, client, hot));
        }
      }
    }
    return true;
  }

  /**
   * HTTP/1.1 has one request a connection at a time, so answering in place still takes connections in
   * turn. An HTTP/2 connection's streams would all be answered by the thread that read them before it
   * reads another connection: under load most requests were fast and some waited half a second or more
   * (p99 6–10× the pool's, docs/performance/2026-12-05-edge-floor.md), so they go to the pool.
   */
  private static boolean answersInPlace(Request request) {
    return request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2;
  }

  /** Work that may wait on a store or a socket. */
  @FunctionalInterface
  private interface Blocking {
    void run() throws Exception;
  }

  /** Runs {@code work} on the server's pool; a full pool answers 503, a failure ends the request as Jetty would. */
  private static void offload(Request request, Response response, Callback callback, Blocking work) {
    try {
      request.getComponents().getThreadPool().execute(() -> {
        try {
          work.run();
        } catch (Throwable t) {
          callback.failed(t);
        }
      });
    } catch (RejectedExecutionException e) {
      Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
    }
  }

  /** /status and /dirty can be turned off; /dirty needs a renderd. */
  private boolean enabled(TileRequest tile) {
    return switch (tile.kind()) {
      case STATUS -> settings.statusUrl();
      case DIRTY -> settings.dirtyUrl() && rendering != null;
      default -> true;
    };
  }

  /** Counts the response mod_tile's way once it is complete, with its latency. */
  private Callback counted(TileRequest tile, Response response, Callback callback) {
    long start = System.nanoTime();
    return Callback.from(callback,
        () -> stats.response(tile.layer(), tile.tile().z(), response.getStatus(), System.nanoTime() - start));
  }

  private InetAddress client(Request request) {
    InetAddress peer = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
    return throttle.client(peer, request.getHeaders().get(HttpHeader.X_FORWARDED_FOR));
  }

  private void dirty(TileRequest tile, String client, Response response, Callback callback) {
    if (rendering.policy().bulkMode()) {
      Responses.text(response, callback, "");
      return;
    }
    // answered the same whether or not renderd took it, as mod_tile does
    rendering.client().dirty(TileService.message(tile, Command.DIRTY), client);
    Responses.text(response, callback, "Tile submitted for rendering\n");
  }

  private static void status(TileStore store, TileKey key, String popular, Response response, Callback callback)
      throws IOException {
    TileStat stat = store.stat(key);
    String text;
    if (!stat.exists()) {
      text = "No tile could be found at storage location: " + store.id(key) + "\n";
    } else {
      text = "Tile is " + (stat.expired() ? "due to be rendered" : "clean") + ". Last rendered at "
          + DateGenerator.formatDate(stat.modified()) + ". Stored in " + store.id(key) + "\n";
    }
    Responses.text(response, callback, key.options().isEmpty() ? text + popular : text);
  }

  /** The stores of a set of layers, one per distinct storage string. */
  public static Function<Layer, TileStore> storesBy(Map<String, TileStore> byStorage) {
    return layer -> byStorage.get(layer.tileDir());
  }
}
