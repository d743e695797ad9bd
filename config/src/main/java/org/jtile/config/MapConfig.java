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

  /** mod_tile's per-map defaults. */
  public static final int DEFAULT_TILE_SIZE = 256;
  public static final double DEFAULT_SCALE = 1.0;
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

  /**
   * A map named {@code name} with mod_tile's defaults for every other setting: URI {@code /name/}, the
   * default tile directory, 256-pixel tiles at scale 1, zooms 0–20, PNG, drawn by Mapnik.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link MapConfig}; {@link #build} validates. */
  public static final class Builder {
    private final String name;
    private String uri;
    private String xml = "";
    private String tileDir = Defaults.MOD_TILE_TILE_DIR;
    private String host = "";
    private String htcpHost = "";
    private int tileSize = DEFAULT_TILE_SIZE;
    private double scale = DEFAULT_SCALE;
    private int minZoom = 0;
    private int maxZoom = TileCoord.MAX_ZOOM;
    private OutputType type = OutputType.DEFAULT;
    private String parameterize = "";
    private String renderer = "mapnik";
    private Map<String, String> rendererOptions = Map.of();

    private Builder(String name) {
      this.name = name;
      this.uri = "/" + name + "/";
    }

    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    public Builder xml(String xml) {
      this.xml = xml;
      return this;
    }

    public Builder tileDir(String tileDir) {
      this.tileDir = tileDir;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder htcpHost(String htcpHost) {
      this.htcpHost = htcpHost;
      return this;
    }

    public Builder tileSize(int tileSize) {
      this.tileSize = tileSize;
      return this;
    }

    public Builder scale(double scale) {
      this.scale = scale;
      return this;
    }

    public Builder zooms(int minZoom, int maxZoom) {
      this.minZoom = minZoom;
      this.maxZoom = maxZoom;
      return this;
    }

    public Builder type(OutputType type) {
      this.type = type;
      return this;
    }

    public Builder parameterize(String parameterize) {
      this.parameterize = parameterize;
      return this;
    }

    /** "mapnik", or "test" with its options (e.g. {@code delay_ms}). */
    public Builder renderer(String renderer, Map<String, String> options) {
      this.renderer = renderer;
      this.rendererOptions = options;
      return this;
    }

    /** @throws IllegalArgumentException a setting breaks mod_tile's rules, in its words */
    public MapConfig build() {
      return new MapConfig(name, uri, xml, tileDir, host, htcpHost, tileSize, scale, minZoom, maxZoom, type,
          parameterize, renderer, rendererOptions);
    }
  }
}
