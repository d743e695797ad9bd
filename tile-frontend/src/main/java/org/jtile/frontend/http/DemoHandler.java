package org.jtile.frontend.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.layer.Layer;

/**
 * The demo page at {@code /}: a Leaflet slippy map of the configured layers, with Leaflet served from its
 * webjar on the classpath (no CDN: the page works on a closed network). Everything is read once at
 * start-up and served from memory.
 */
public final class DemoHandler extends Handler.Abstract.NonBlocking {
  private static final String WEBJAR = "/META-INF/resources/webjars/leaflet/1.9.4/dist/";
  private static final List<String> LEAFLET_FILES = List.of("leaflet.js", "leaflet.css", "images/layers.png",
      "images/layers-2x.png", "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png");

  private record Asset(String type, byte[] bytes, String cacheControl) {}

  private final Map<String, Asset> assets = new HashMap<>();

  public DemoHandler(List<Layer> layers) {
    String page = new String(read("demo.html"), StandardCharsets.UTF_8).replace("/*LAYERS*/[]", layersJson(layers));
    assets.put("/", new Asset("text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-cache"));
    for (String file : LEAFLET_FILES) {
      String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "image/png";
      assets.put("/leaflet/" + file, new Asset(type, read(WEBJAR + file), "max-age=86400"));
    }
  }

  private static String layersJson(List<Layer> layers) {
    return layers.stream().filter(l -> !l.parameterized())
        .map(l -> "{\"name\": " + TileJson.quote(l.style()) + ", \"uri\": " + TileJson.quote(l.uri())
            + ", \"extension\": " + TileJson.quote(l.extension()) + ", \"minZoom\": " + l.minZoom()
            + ", \"maxZoom\": " + l.maxZoom() + ", \"attribution\": "
            + TileJson.quote(l.attribution().isEmpty() ? TileJson.DEFAULT_ATTRIBUTION : l.attribution()) + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static byte[] read(String resource) {
    try (InputStream in = DemoHandler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Asset asset = assets.get(request.getHttpURI().getPath());
    if (asset == null || !HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      return false;
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
    Responses.ok(request, response, callback, asset.type(), asset.bytes());
    return true;
  }
}
