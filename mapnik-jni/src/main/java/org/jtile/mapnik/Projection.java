package org.jtile.mapnik;

/**
 * The projected extent of the tile grid, chosen from the style's SRS as C renderd does: web mercator
 * (1×1 tiles at zoom 0), plate carrée (2×1) or the British National Grid (1×2); anything else is
 * treated as web mercator.
 */
record Projection(String name, double x0, double y0, double x1, double y1, int aspectX, int aspectY) {
  public static final Projection WEB_MERCATOR =
      new Projection("web mercator", -20037508.3428, -20037508.3428, 20037508.3428, 20037508.3428, 1, 1);
  public static final Projection PLATE_CARREE =
      new Projection("plate carree", -20037508.3428, -10018754.1714, 20037508.3428, 10018754.1714, 2, 1);
  public static final Projection BRITISH_GRID = new Projection("bng", 0, 0, 700000, 1400000, 1, 2);

  private static final String EQC =
      "+proj=eqc +lat_ts=0 +lat_0=0 +lon_0=0 +x_0=0 +y_0=0 +ellps=WGS84 +datum=WGS84 +units=m +no_defs";
  private static final String OSGB = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 "
      + "+y_0=-100000 +ellps=airy +datum=OSGB36 +units=m +no_defs";

  /** The projection for a style's SRS; {@code known} tells whether it was recognised. */
  public static Projection of(String srs) {
    if (srs.contains("+proj=merc +a=6378137 +b=6378137")) {
      return WEB_MERCATOR;
    }
    if (srs.equals(EQC)) {
      return PLATE_CARREE;
    }
    if (srs.equals(OSGB)) {
      return BRITISH_GRID;
    }
    return null;
  }

  /** Tiles across a metatile at zoom {@code z}. */
  public int tilesAcross(int z) {
    return Math.min(8, aspectX << z);
  }

  /** Tiles down a metatile at zoom {@code z}. */
  public int tilesDown(int z) {
    return Math.min(8, aspectY << z);
  }

  /**
   * The projected box {minX, minY, maxX, maxY} of the metatile whose top-left tile is x, y at zoom z,
   * computed with C renderd's expressions in the same order, so the doubles are bit for bit the same.
   */
  public double[] bounds(int x, int y, int z) {
    int tx = tilesAcross(z);
    int ty = tilesDown(z);
    double columns = (double) (aspectX << z);
    double rows = (double) (aspectY << z);
    double minX = x0 + (x1 - x0) * ((double) x / columns);
    double minY = y1 - (y1 - y0) * (((double) y + ty) / rows);
    double maxX = x0 + (x1 - x0) * (((double) x + tx) / columns);
    double maxY = y1 - (y1 - y0) * ((double) y / rows);
    return new double[] {minX, minY, maxX, maxY};
  }
}
