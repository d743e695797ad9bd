package org.jtile.frontend.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.layer.Layer;

/**
 * A layer's TileJSON 2.0.0 document ({@code <layer-uri>tile-layer.json}), the fields mod_tile writes,
 * with every string properly escaped (mod_tile inserts them raw).
 */
final class TileJson {
  /** mod_tile's default attribution. */
  static final String DEFAULT_ATTRIBUTION = "&copy;<a href=\"http://www.openstreetmap.org/\">OpenStreetMap</a> "
      + "and <a href=\"http://wiki.openstreetmap.org/wiki/Contributors\">contributors</a>, "
      + "<a href=\"http://opendatacommons.org/licenses/odbl/\">(ODbL)</a>";

  /** A week, as mod_tile. */
  private static final long MAX_AGE = 604800;

  private TileJson() {}

  /** Answers {@code <layer-uri>tile-layer.json} for the host the client asked. */
  static void respond(Request request, Response response, Callback callback, Layer layer, Instant now) {
    String host = Responses.authority(request);
    String base = request.getHttpURI().getScheme() + "://" + (host == null || host.isEmpty() ? "localhost" : host);
    byte[] body = of(layer, base).getBytes(StandardCharsets.UTF_8);
    String etag = Responses.etag(body);
    response.getHeaders().put(HttpHeader.ETAG, etag);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=" + MAX_AGE);
    response.getHeaders().put(HttpHeader.EXPIRES, DateGenerator.formatDate(now.plusSeconds(MAX_AGE)));
    if (Responses.notModified(request, etag, null)) {
      Responses.notModified(response, callback);
    } else {
      Responses.ok(request, response, callback, "application/json", body);
    }
  }

  /** @param base the scheme and host clients use, e.g. {@code http://tile.example.org} */
  static String of(Layer layer, String base) {
    String template = layer.uri() + "{z}/{x}/{y}." + layer.extension();
    StringBuilder tiles = new StringBuilder("\t\t" + quote(base + template));
    if (!layer.serverAlias().isEmpty()) {
      String alias = layer.serverAlias().endsWith("/")
          ? layer.serverAlias().substring(0, layer.serverAlias().length() - 1) : layer.serverAlias();
      tiles.append(",\n\t\t").append(quote(alias + template));
    }
    return "{\n"
        + "\t\"tilejson\": \"2.0.0\",\n"
        + "\t\"schema\": \"xyz\",\n"
        + "\t\"name\": " + quote(layer.style()) + ",\n"
        + "\t\"description\": " + quote(layer.description()) + ",\n"
        + "\t\"attribution\": " + quote(layer.attribution().isEmpty() ? DEFAULT_ATTRIBUTION : layer.attribution()) + ",\n"
        + "\t\"minzoom\": " + layer.minZoom() + ",\n"
        + "\t\"maxzoom\": " + layer.maxZoom() + ",\n"
        + "\t\"tiles\": [\n" + tiles + "\n\t]\n"
        + "}\n";
  }

  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
