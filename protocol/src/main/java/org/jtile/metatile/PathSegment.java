package org.jtile.metatile;

import java.nio.charset.StandardCharsets;

/**
 * What a map name (mod_tile's style, the protocol's xmlname) or an options string may be: a path segment
 * of the tile directory's layout, and a field of renderd's request struct — at most 40 bytes, without
 * '/', NUL or a leading '.'. Checked wherever such a name comes in: the config, an HTTP request, a store key.
 */
public final class PathSegment {
  private PathSegment() {}

  /** @throws IllegalArgumentException {@code value} cannot be a {@code name}, which the message says */
  public static void check(String name, String value, boolean mayBeEmpty) {
    if (!isValid(value, mayBeEmpty)) {
      throw new IllegalArgumentException(
          name + " must be " + (mayBeEmpty ? "" : "non-empty, ") + "at most 40 bytes, without '/', "
              + "NUL or a leading '.': \"" + value + "\"");
    }
  }

  public static boolean isValid(String value, boolean mayBeEmpty) {
    if (value.isEmpty()) {
      return mayBeEmpty;
    }
    return value.charAt(0) != '.'
        && value.indexOf('/') < 0
        && value.indexOf('\0') < 0
        && value.getBytes(StandardCharsets.UTF_8).length <= 40;
  }
}
