package org.jtile.store.file;

import java.nio.file.Path;
import java.util.Optional;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.PathSegment;
import org.jtile.metatile.TileCoord;

/**
 * mod_tile's hashed metatile path, both ways: {@code <style>/<z>/<h4>/<h3>/<h2>/<h1>/<h0>[.<options>].meta}.
 *
 * <p>Each {@code hK} is one byte in decimal: the K-th nibble of the metatile's x in the high half and
 * of its y in the low half, most significant first. Five bytes hold 20 bits of x and y, which is why
 * zoom 20 is the deepest zoom. Up to 256 entries per directory keep every directory small.
 */
public final class MetatilePath {
  private static final int LEVELS = 5;
  private static final String SUFFIX = ".meta";

  private MetatilePath() {}

  /** A metatile file as found under a tile directory. */
  public record Parsed(String style, String options, MetatileCoord coord) {}

  /** {@code tileDir/<relative(...)>}. */
  public static Path of(Path tileDir, String style, String options, MetatileCoord coord) {
    return tileDir.resolve(relative(style, options, coord));
  }

  /**
   * The path below the tile directory, e.g. {@code default/9/0/0/16/43/136.meta} for 9/296/184.
   *
   * @throws IllegalArgumentException {@code style} or {@code options} cannot be a path segment
   */
  public static String relative(String style, String options, MetatileCoord coord) {
    PathSegment.check("style", style, false);
    PathSegment.check("options", options, true);
    int x = coord.x();
    int y = coord.y();
    int[] hash = new int[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      hash[k] = ((x & 0xF) << 4) | (y & 0xF);
      x >>= 4;
      y >>= 4;
    }
    StringBuilder path = new StringBuilder(48).append(style).append('/').append(coord.z());
    for (int k = LEVELS - 1; k >= 0; k--) {
      path.append('/').append(hash[k]);
    }
    if (!options.isEmpty()) {
      path.append('.').append(options);
    }
    return path.append(SUFFIX).toString();
  }

  /**
   * The style, options and metatile of {@code file}, which must lie under {@code tileDir}; empty if it
   * is not a metatile path (wrong depth, a hash outside 0–255, coordinates out of range).
   */
  public static Optional<Parsed> parse(Path tileDir, Path file) {
    Path relative = tileDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
    if (relative.getNameCount() != 2 + LEVELS || relative.startsWith("..")) {
      return Optional.empty();
    }
    String style = relative.getName(0).toString();
    String leaf = relative.getName(2 + LEVELS - 1).toString();
    if (!leaf.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String stem = leaf.substring(0, leaf.length() - SUFFIX.length());
    int dot = stem.indexOf('.');
    String options = dot < 0 ? "" : stem.substring(dot + 1);
    String[] parts = new String[LEVELS];
    for (int k = 0; k < LEVELS - 1; k++) {
      parts[k] = relative.getName(2 + k).toString();
    }
    parts[LEVELS - 1] = dot < 0 ? stem : stem.substring(0, dot);
    int z = TileCoord.parseDecimal(relative.getName(1).toString(), TileCoord.MAX_ZOOM);
    int x = 0;
    int y = 0;
    for (String part : parts) {
      int hash = TileCoord.parseDecimal(part, 255);
      if (hash < 0) {
        return Optional.empty();
      }
      x = (x << 4) | (hash >> 4);
      y = (y << 4) | (hash & 0xF);
    }
    if (z < 0 || !PathSegment.isValid(style, false) || !PathSegment.isValid(options, dot < 0)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Parsed(style, options, new MetatileCoord(z, x, y)));
    } catch (IllegalArgumentException outOfRange) {
      return Optional.empty();
    }
  }
}
