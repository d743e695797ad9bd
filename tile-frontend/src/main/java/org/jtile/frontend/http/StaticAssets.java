package org.jtile.frontend.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Files the pages need (their HTML, Leaflet, uPlot), read from the classpath once at start-up and served
 * from memory: no CDN, so the pages work on a closed network. Immutable once built.
 */
final class StaticAssets {
  private record Asset(String type, byte[] bytes, String cacheControl) {}

  private final Map<String, Asset> assets = new HashMap<>();

  /** Adds the classpath {@code resource} at {@code path}; its type from its name; cached for a day. */
  StaticAssets add(String path, String resource) {
    String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
        : "image/png";
    return add(path, type, read(resource), "max-age=86400");
  }

  StaticAssets add(String path, String type, byte[] bytes, String cacheControl) {
    assets.put(path, new Asset(type, bytes, cacheControl));
    return this;
  }

  /** Serves the asset at the request's path, if there is one and the method is GET or HEAD. */
  boolean serve(Request request, Response response, Callback callback) {
    Asset asset = assets.get(request.getHttpURI().getPath());
    if (asset == null || !HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
    Responses.ok(request, response, callback, asset.type(), asset.bytes());
    return true;
  }

  /** A classpath resource, relative to this package or absolute. */
  static byte[] read(String resource) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
