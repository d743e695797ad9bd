package org.jtile.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jtile.metatile.PathSegment;
import org.jtile.metatile.TileCoord;

/**
 * One map (style) section. Validated when built, with mod_tile's rules and wording; the loaders add
 * the file and section to the message.
 *
 * @param name the style name ({@code xmlname}) clients ask for; lower case in classic configs
 * @param xml the Mapnik style file; empty when another renderer draws the map
 * @param tileDir the storage string (mod_tile's TILEDIR)
 * @param renderer "mapnik" (the default when XML is set) or "test"
 * @param rendererOptions renderer-specific settings, e.g. the test renderer's delay
 */
public record MapConfig(
    String name,
    String uri,
    String xml,
    String tileDir,
    String host,
    String htcpHost,
    int tileSize,
    double scale,
    int minZoom,
    int maxZoom,
    OutputType type,
    String parameterize,
    String renderer,
    Map<String, String> rendererOptions) {

  public static final double MIN_SCALE = 0.1;
  public static final double MAX_SCALE = 8.0;

  public MapConfig {
    Objects.requireNonNull(type, "type");
    rendererOptions = Map.copyOf(rendererOptions);
    if (name.getBytes(StandardCharsets.UTF_8).length > 40) {
      throw new IllegalArgumentException("map name must be at most 40 bytes to fit the protocol: " + name);
    }
    PathSegment.check("map name", name, false);
    if (scale < MIN_SCALE) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "Specified scale factor (%f) is too small, must be greater than or equal to %f.", scale, MIN_SCALE));
    }
    if (scale > MAX_SCALE) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "Specified scale factor (%f) is too large, must be less than or equal to %f.", scale, MAX_SCALE));
    }
    if (maxZoom < 0) {
      throw new IllegalArgumentException(
          "Specified max zoom (" + maxZoom + ") is too small, must be greater than or equal to 0.");
    }
    if (maxZoom > TileCoord.MAX_ZOOM) {
      throw new IllegalArgumentException("Specified max zoom (" + maxZoom
          + ") is too large, must be less than or equal to " + TileCoord.MAX_ZOOM + ".");
    }
    if (minZoom < 0) {
      throw new IllegalArgumentException(
          "Specified min zoom (" + minZoom + ") is too small, must be greater than or equal to 0.");
    }
    if (minZoom > maxZoom) {
      throw new IllegalArgumentException(
          "Specified min zoom (" + minZoom + ") is larger than max zoom (" + maxZoom + ").");
    }
    if (tileSize < 1 || tileSize > 4096) {
      throw new IllegalArgumentException("tile size must be in [1, 4096]: " + tileSize);
    }
    if (!renderer.equals("mapnik") && !renderer.equals("test")) {
      throw new IllegalArgumentException("renderer must be mapnik or test: " + renderer);
    }
    if (renderer.equals("mapnik") && xml.isEmpty()) {
      throw new IllegalArgumentException("a map rendered by mapnik needs an XML style");
    }
  }

  /** True if metatile z/x/y (its origin) lies inside this map: zoom range and 2^z extent. */
  public boolean contains(int z, int x, int y) {
    return z >= minZoom && z <= maxZoom && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z);
  }
}
