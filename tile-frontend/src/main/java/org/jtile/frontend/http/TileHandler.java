package org.jtile.frontend.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.DateParser;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.cache.CachePolicy;
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
  /** A week, as mod_tile's TileJSON and CORS preflights. */
  private static final long TILE_JSON_MAX_AGE = 604800;
  private static final String CORS_MAX_AGE = "604800";

  private final TileRequestParser parser;
  private final Function<Layer, TileStore> stores;
  private final CachePolicy cachePolicy;
  private final Duration veryOldThreshold;
  private final Clock clock;
  /** Null when no renderd is configured: missing tiles are 404, stale ones served as they are. */
  private final Rendering rendering;
  private final Throttle throttle;
  private final ConcurrentHashMap<Layer, Cors> corsRules = new ConcurrentHashMap<>();

  public TileHandler(TileRequestParser parser, Function<Layer, TileStore> stores, CachePolicy cachePolicy,
      Duration veryOldThreshold, Clock clock, Rendering rendering, Throttle throttle) {
    this.parser = parser;
    this.stores = stores;
    this.cachePolicy = cachePolicy;
    this.veryOldThreshold = veryOldThreshold;
    this.clock = clock;
    this.rendering = rendering;
    this.throttle = throttle;
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
    if (corsApplies && !cors(request, response, callback, tile.layer())) {
      return true;
    }
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    if (tile.kind() == TileRequest.Kind.TILE_JSON) {
      tileJson(request, response, callback, tile.layer());
      return true;
    }
    TileKey key = new TileKey(tile.layer().style(), tile.options(), tile.tile());
    TileStore store = stores.apply(tile.layer());
    if (tile.kind() == TileRequest.Kind.STATUS) {
      status(store, key, response, callback);
    } else if (tile.kind() == TileRequest.Kind.DIRTY) {
      // answered the same whether or not renderd took it, as mod_tile does
      rendering.client().dirty(message(tile, Command.DIRTY));
      writeText(response, callback, "Tile submitted for rendering\n");
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
    Optional<TileData> data = stat.exists() ? read(store, key) : Optional.empty();
    if (data.isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return;
    }
    TileData tileData = data.get();
    TileState state = TileState.of(stat, now, veryOldThreshold);
    long maxAge = cachePolicy.maxAge(state, tile.tile().z(), tile.layer().maxZoom(), now, stat.modified(),
        request.getHeaders().get(HttpHeader.HOST));
    String etag = "\"" + md5(tileData.bytes()) + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(stat.modified()));
    headers.put(HttpHeader.CACHE_CONTROL, "max-age=" + maxAge);
    headers.put(HttpHeader.EXPIRES, DateGenerator.formatDate(now.plusSeconds(maxAge)));
    if (notModified(request, etag, stat.modified())) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
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
    writeOk(request, response, callback, tile.layer().mimeType(), body);
  }

  /**
   * Applies the layer's CORS rule; false when the request is finished here (a disallowed origin gets
   * 403, a preflight 200).
   */
  private boolean cors(Request request, Response response, Callback callback, Layer layer) {
    Cors.Decision decision = corsRules.computeIfAbsent(layer, l -> new Cors(l.cors()))
        .decide(request.getHeaders().get(HttpHeader.ORIGIN));
    switch (decision) {
      case NONE:
        return true;
      case FORBIDDEN:
        Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
        return false;
      case ANY:
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        break;
      default:
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, request.getHeaders().get(HttpHeader.ORIGIN));
        response.getHeaders().add(HttpHeader.VARY, "Origin");
    }
    if (HttpMethod.OPTIONS.is(request.getMethod())
        && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
      String headers = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
      if (headers != null) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, headers);
      }
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, CORS_MAX_AGE);
      response.setStatus(HttpStatus.OK_200);
      callback.succeeded();
      return false;
    }
    return true;
  }

  private void tileJson(Request request, Response response, Callback callback, Layer layer) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    String base = request.getHttpURI().getScheme() + "://" + (host == null || host.isEmpty() ? "localhost" : host);
    byte[] body = TileJson.of(layer, base).getBytes(StandardCharsets.UTF_8);
    String etag = "\"" + md5(body) + "\"";
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.CACHE_CONTROL, "max-age=" + TILE_JSON_MAX_AGE);
    headers.put(HttpHeader.EXPIRES, DateGenerator.formatDate(clock.instant().plusSeconds(TILE_JSON_MAX_AGE)));
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return;
    }
    writeOk(request, response, callback, "application/json", body);
  }

  /** 200 with {@code body}, or only its headers for HEAD. */
  private static void writeOk(Request request, Response response, Callback callback, String type, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.setStatus(HttpStatus.OK_200);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
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

  private static boolean notModified(Request request, String etag, Instant modified) {
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
      return ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag);
    }
    String ifModifiedSince = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
    if (ifModifiedSince == null) {
      return false;
    }
    long since = DateParser.parseDate(ifModifiedSince);
    return since >= 0 && modified.getEpochSecond() <= since / 1000;
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
    writeText(response, callback, text);
  }

  private static void writeText(Response response, Callback callback, String text) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** The stores of a set of layers, one per distinct storage string. */
  public static Function<Layer, TileStore> storesBy(Map<String, TileStore> byStorage) {
    return layer -> byStorage.get(layer.tileDir());
  }
}
