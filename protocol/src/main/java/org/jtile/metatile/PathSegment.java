package org.jtile.metatile;

/**
 * What a map name (mod_tile's style, the protocol's xmlname) or an options string may be: a path segment
 * of the tile directory's layout, and a field of renderd's request struct — at most 40 bytes, without
 * '/', NUL or a leading '.'. Checked wherever such a name comes in: the config, an HTTP request, a store key.
 */
public final class PathSegment {
  private static final int MAX_BYTES = 40;

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
        && fits(value);
  }

  /** At most {@link #MAX_BYTES} in UTF-8; counted, not encoded, as names are checked on every tile request. */
  private static boolean fits(String value) {
    if (value.length() * 3 <= MAX_BYTES) {
      return true;
    }
    int bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4; // one code point, two chars
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes <= MAX_BYTES;
  }
}
