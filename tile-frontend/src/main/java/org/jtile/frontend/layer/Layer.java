package org.jtile.frontend.layer;

import java.util.Objects;
import org.jtile.metatile.PathSegment;
import org.jtile.metatile.TileCoord;

/**
 * One tile layer the frontend serves: mod_tile's tile config (a map section of renderd.conf, or
 * AddTileConfig).
 *
 * @param uri the base path, always ending in {@code /} (mod_tile adds it; "" becomes "/")
 * @param style the map section name sent to renderd
 * @param extension the tile extension in URLs, e.g. {@code png}
 * @param tileDir the storage string (mod_tile's TILEDIR)
 * @param parameterized URLs carry an options segment before z (PARAMETERIZE_STYLE)
 * @param cors "" for none, {@code *}, or the allowed origins
 */
public record Layer(
    String uri,
    String style,
    String extension,
    String mimeType,
    int minZoom,
    int maxZoom,
    String tileDir,
    boolean parameterized,
    String description,
    String attribution,
    String cors,
    String serverAlias) {

  public Layer {
    Objects.requireNonNull(tileDir, "tileDir");
    uri = uri.isEmpty() ? "/" : uri.endsWith("/") ? uri : uri + "/";
    if (!uri.startsWith("/")) {
      throw new IllegalArgumentException("layer URI must start with /: " + uri);
    }
    PathSegment.check("layer name", style, false);
    if (!extension.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException("tile extension must be letters and digits: " + extension);
    }
    if (minZoom < 0 || maxZoom > TileCoord.MAX_ZOOM || minZoom > maxZoom) {
      throw new IllegalArgumentException(
          "zooms must satisfy 0 <= min <= max <= " + TileCoord.MAX_ZOOM + ": " + minZoom + "-" + maxZoom);
    }
  }

  /** A plain layer: {@code png}, image/png, zooms 0–20, no CORS. */
  public static Layer simple(String uri, String style, String tileDir) {
    return new Layer(uri, style, "png", "image/png", 0, TileCoord.MAX_ZOOM, tileDir, false, "", "", "", "");
  }
}
