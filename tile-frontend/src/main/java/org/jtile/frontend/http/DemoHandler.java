package org.jtile.frontend.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.layer.Layer;

/**
 * The demo page at {@code /}: a Leaflet slippy map of the configured layers, with Leaflet served from its
 * webjar on the classpath (no CDN: the page works on a closed network).
 */
public final class DemoHandler extends Handler.Abstract.NonBlocking {
  private static final String WEBJAR = "/META-INF/resources/webjars/leaflet/1.9.4/dist/";
  private static final List<String> LEAFLET_FILES = List.of("leaflet.js", "leaflet.css", "images/layers.png",
      "images/layers-2x.png", "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png");

  private final StaticAssets assets = new StaticAssets();

  public DemoHandler(List<Layer> layers) {
    String page = new String(StaticAssets.read("demo.html"), StandardCharsets.UTF_8)
        .replace("/*LAYERS*/[]", layersJson(layers));
    assets.add("/", "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-cache");
    for (String file : LEAFLET_FILES) {
      assets.add("/leaflet/" + file, WEBJAR + file);
    }
  }

  /** The layers a page's script shows: the unparameterised ones, as a JSON array. */
  static String layersJson(List<Layer> layers) {
    return layers.stream().filter(l -> !l.parameterized())
        .map(l -> "{\"name\": " + TileJson.quote(l.style()) + ", \"uri\": " + TileJson.quote(l.uri())
            + ", \"extension\": " + TileJson.quote(l.extension()) + ", \"minZoom\": " + l.minZoom()
            + ", \"maxZoom\": " + l.maxZoom() + ", \"attribution\": "
            + TileJson.quote(l.attribution().isEmpty() ? TileJson.DEFAULT_ATTRIBUTION : l.attribution()) + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    return assets.serve(request, response, callback);
  }
}
