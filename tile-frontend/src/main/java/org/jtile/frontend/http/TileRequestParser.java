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
  private static final String TILE_JSON = "tile-layer.json";

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
        return parse(layer, path, layer.uri().length());
      }
    }
    return Result.noLayer();
  }

  /** Parses {@code path} from {@code start} in place: tiles are parsed on every request, so no splits. */
  private static Result parse(Layer layer, String path, int start) {
    int end = path.length();
    if (end - start == TILE_JSON.length() && path.startsWith(TILE_JSON, start)) {
      return Result.of(new TileRequest(layer, TileRequest.Kind.TILE_JSON, "", null));
    }
    int first = layer.parameterized() ? 1 : 0;
    // where each segment starts, and one past the last: options?, z, x, y.ext and an optional suffix
    int[] starts = new int[first + 5];
    int segments = 1;
    starts[0] = start;
    for (int i = path.indexOf('/', start); i >= 0; i = path.indexOf('/', i + 1)) {
      if (segments == first + 4) {
        return Result.notFound("not z/x/y." + layer.extension());
      }
      starts[segments++] = i + 1;
    }
    starts[segments] = end + 1;
    TileRequest.Kind kind = TileRequest.Kind.TILE;
    if (segments == first + 4) {
      int suffix = starts[first + 3];
      kind = segmentIs(path, suffix, end, "status") ? TileRequest.Kind.STATUS
          : segmentIs(path, suffix, end, "dirty") ? TileRequest.Kind.DIRTY : null;
      if (kind == null) {
        return Result.notFound("unknown suffix");
      }
      segments--;
    }
    if (segments != first + 3) {
      return Result.notFound("not z/x/y." + layer.extension());
    }
    String options = layer.parameterized() ? path.substring(start, starts[1] - 1) : "";
    if (layer.parameterized() && !validOptions(options)) {
      return Result.notFound("bad options segment");
    }
    int last = starts[first + 2];
    int lastEnd = starts[first + 3] - 1;
    int dot = path.indexOf('.', last);
    if (dot < 0 || dot >= lastEnd || !segmentIs(path, dot + 1, lastEnd, layer.extension())) {
      return Result.notFound("extension is not ." + layer.extension());
    }
    int z = number(path, starts[first], starts[first + 1] - 1);
    int x = number(path, starts[first + 1], last - 1);
    int y = number(path, last, dot);
    if (z < layer.minZoom() || z > layer.maxZoom() || x < 0 || y < 0) {
      return Result.notFound("zoom or coordinates out of range");
    }
    if (x >= 1 << z || y >= 1 << z) {
      return Result.notFound("x or y beyond 2^z");
    }
    return Result.of(new TileRequest(layer, kind, options, new TileCoord(z, x, y)));
  }

  /** Whether {@code path} from {@code start} to {@code end} is {@code text}. */
  private static boolean segmentIs(String path, int start, int end, String text) {
    return end - start == text.length() && path.startsWith(text, start);
  }

  private static boolean validOptions(String options) {
    try {
      PathSegment.check("options", options, false);
      return options.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%' && c != '\\');
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int number(String path, int start, int end) {
    return TileCoord.parseDecimal(path, start, end, (1 << TileCoord.MAX_ZOOM) - 1);
  }
}
