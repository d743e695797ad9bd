package org.jtile.tools;

import org.jtile.metatile.TileCoord;

/**
 * render-list's tile range per zoom: the whole world, an x/y range (one zoom only) or a lat/lon box, with
 * mod_tile's rules and messages.
 */
final class Area {
  private final Integer minX;
  private final Integer maxX;
  private final Integer minY;
  private final Integer maxY;
  private final double[] box;

  private Area(Integer minX, Integer maxX, Integer minY, Integer maxY, double[] box) {
    this.minX = minX;
    this.maxX = maxX;
    this.minY = minY;
    this.maxY = maxY;
    this.box = box;
  }

  static Area of(ToolOptions.Settings s, Integer minX, Integer maxX, Integer minY, Integer maxY, Double minLat,
      Double maxLat, Double minLon, Double maxLon) throws ToolException {
    boolean xy = minX != null || maxX != null || minY != null || maxY != null;
    boolean anyLatLon = minLat != null || maxLat != null || minLon != null || maxLon != null;
    if (xy && anyLatLon) {
      throw new ToolException("min-lat, min-lon, max-lat & max-lon cannot be used together with min-x, max-x, "
          + "min-y, or max-y", ToolException.OPTIONS);
    }
    if (xy) {
      if (s.minZoom() != s.maxZoom()) {
        throw new ToolException("min-zoom must be equal to max-zoom when using min-x, max-x, min-y, or max-y options",
            ToolException.OPTIONS);
      }
      int last = TileCoord.tilesPerAxis(s.minZoom()) - 1;
      for (Integer v : new Integer[] {minX, maxX, minY, maxY}) {
        if (v != null && (v < 0 || v > last)) {
          throw new ToolException("Invalid range, x and y values must be <= " + last + " (2^zoom-1)",
              ToolException.OPTIONS);
        }
      }
      check("x", minX, maxX);
      check("y", minY, maxY);
      return new Area(minX, maxX, minY, maxY, null);
    }
    if (anyLatLon) {
      if (minLat == null || maxLat == null || minLon == null || maxLon == null) {
        throw new ToolException("min-lat, min-lon, max-lat & max-lon must all be given", ToolException.OPTIONS);
      }
      if (!(minLat >= -85.0511 && maxLat <= 85.0511 && minLat <= maxLat && minLon >= -180 && maxLon <= 180
          && minLon <= maxLon)) {
        throw new ToolException("Invalid box: latitudes in [-85.0511, 85.0511], longitudes in [-180, 180], "
            + "min <= max", ToolException.OPTIONS);
      }
      return new Area(null, null, null, null, new double[] {minLat, maxLat, minLon, maxLon});
    }
    return new Area(null, null, null, null, null);
  }

  private static void check(String axis, Integer min, Integer max) throws ToolException {
    if (min != null && max != null && min > max) {
      throw new ToolException("Specified min-" + axis + " (" + min + ") is larger than max-" + axis + " (" + max
          + ").", ToolException.OPTIONS);
    }
  }

  /** How many metatiles a walk of the area over zooms {@code minZoom..maxZoom} visits. */
  long metatiles(int minZoom, int maxZoom) {
    long count = 0;
    for (int z = minZoom; z <= maxZoom; z++) {
      int[] r = range(z);
      count += (long) ((r[1] - (r[0] & ~7)) / 8 + 1) * ((r[3] - (r[2] & ~7)) / 8 + 1);
    }
    return count;
  }

  /** {minX, maxX, minY, maxY}, inclusive, at zoom {@code z}. */
  int[] range(int z) {
    int last = TileCoord.tilesPerAxis(z) - 1;
    if (box != null) {
      int x0 = lonToX(box[2], z);
      int x1 = Math.max(x0, (int) Math.ceil(lonToXExact(box[3], z)) - 1);
      int y0 = latToY(box[1], z);
      int y1 = Math.max(y0, (int) Math.ceil(latToYExact(box[0], z)) - 1);
      return new int[] {clamp(x0, last), clamp(x1, last), clamp(y0, last), clamp(y1, last)};
    }
    return new int[] {minX != null ? minX : 0, maxX != null ? maxX : last, minY != null ? minY : 0,
        maxY != null ? maxY : last};
  }

  private static int clamp(int v, int last) {
    return Math.max(0, Math.min(last, v));
  }

  private static double lonToXExact(double lon, int z) {
    return (lon + 180) / 360 * (1 << z);
  }

  private static int lonToX(double lon, int z) {
    return (int) Math.floor(lonToXExact(lon, z));
  }

  private static double latToYExact(double lat, int z) {
    double r = Math.toRadians(lat);
    return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z);
  }

  private static int latToY(double lat, int z) {
    return (int) Math.floor(latToYExact(lat, z));
  }
}
