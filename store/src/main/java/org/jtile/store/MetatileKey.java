package org.jtile.store;

import java.util.Objects;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.PathSegment;

/** One metatile of one style: what a store writes, deletes and expires. */
public record MetatileKey(String style, String options, MetatileCoord coord) {
  public MetatileKey {
    Objects.requireNonNull(coord, "coord");
    checkNames(style, options);
  }

  /** Style and options must be path segments: no key can address anything outside a store. */
  static void checkNames(String style, String options) {
    PathSegment.check("style", style, false);
    PathSegment.check("options", options, true);
  }

  /** The metatile holding tile z/x/y of {@code style}, without options. */
  public static MetatileKey containing(String style, int z, int x, int y) {
    return new MetatileKey(style, "", MetatileCoord.containing(z, x, y));
  }

  @Override
  public String toString() {
    return style + (options.isEmpty() ? "" : "." + options) + " " + coord;
  }
}
