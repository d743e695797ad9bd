package org.jtile.frontend.http;

import java.util.List;
import java.util.Optional;
import org.jtile.frontend.layer.Layer;
import org.jtile.metatile.PathSegment;
import org.jtile.metatile.TileCoord;

/**
 * mod_tile's URL grammar: {@code <layer-uri>z/x/y.ext[/status|/dirty]}, with an options segment before
 * z for parameterised layers, and {@code <layer-uri>tile-layer.json}. The first layer whose URI
 * prefixes the path decides, as in mod_tile.
 *
 * <p>Unlike mod_tile, the parse is strict — digits only, exact segment count, no trailing junk — and
 * never sleeps: anything malformed or out of range is {@link Result#notFound}, answered at once. The
 * path is the raw, still-encoded one, so {@code %2F} or {@code ..} can never become a path separator
 * in a storage key.
 */
final class TileRequestParser {
  /** Longest path looked at; longer ones cannot be tiles. */
  static final int MAX_PATH = 512;

  private final List<Layer> layers;

  public TileRequestParser(List<Layer> layers) {
    this.layers = List.copyOf(layers);
  }

  /** The outcome of parsing a path. */
  public record Result(Optional<TileRequest> request, boolean layerMatched, String reason) {
    static Result of(TileRequest request) {
      return new Result(Optional.of(request), true, "");
    }

    static Result notFound(String reason) {
      return new Result(Optional.empty(), true, reason);
    }

    static Result noLayer() {
      return new Result(Optional.empty(), false, "no layer");
    }
  }

  public Result parse(String path) {
    if (path.length() > MAX_PATH) {
      return Result.notFound("path longer than " + MAX_PATH);
    }
    for (Layer layer : layers) {
      if (path.startsWith(layer.uri())) {
        return parse(layer, path.substring(layer.uri().length()));
      }
    }
    return Result.noLayer();
  }

  private static Result parse(Layer layer, String rest) {
    if (rest.equals("tile-layer.json")) {
      return Result.of(new TileRequest(layer, TileRequest.Kind.TILE_JSON, "", null));
    }
    String[] parts = rest.split("/", -1);
    int first = layer.parameterized() ? 1 : 0;
    TileRequest.Kind kind = TileRequest.Kind.TILE;
    int length = parts.length;
    if (length == first + 4) {
      switch (parts[length - 1]) {
        case "status" -> kind = TileRequest.Kind.STATUS;
        case "dirty" -> kind = TileRequest.Kind.DIRTY;
        default -> {
          return Result.notFound("unknown suffix");
        }
      }
      length--;
    }
    if (length != first + 3) {
      return Result.notFound("not z/x/y." + layer.extension());
    }
    String options = layer.parameterized() ? parts[0] : "";
    if (layer.parameterized() && !validOptions(options)) {
      return Result.notFound("bad options segment");
    }
    String last = parts[first + 2];
    int dot = last.indexOf('.');
    if (dot < 0 || !last.substring(dot + 1).equals(layer.extension())) {
      return Result.notFound("extension is not ." + layer.extension());
    }
    int z = number(parts[first]);
    int x = number(parts[first + 1]);
    int y = number(last.substring(0, dot));
    if (z < layer.minZoom() || z > layer.maxZoom() || x < 0 || y < 0) {
      return Result.notFound("zoom or coordinates out of range");
    }
    if (x >= 1 << z || y >= 1 << z) {
      return Result.notFound("x or y beyond 2^z");
    }
    return Result.of(new TileRequest(layer, kind, options, new TileCoord(z, x, y)));
  }

  private static boolean validOptions(String options) {
    try {
      PathSegment.check("options", options, false);
      return options.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%' && c != '\\');
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int number(String digits) {
    return TileCoord.parseDecimal(digits, (1 << TileCoord.MAX_ZOOM) - 1);
  }
}
