package org.jtile.config;

import java.util.Locale;

/**
 * A map's TYPE: {@code <extension> <mime type> [<Mapnik output format>]}, e.g. {@code png image/png
 * png256}. Without the third part the format is png256 (mod_tile 0.7+).
 */
public record OutputType(String extension, String mimeType, String format) {
  public static final OutputType DEFAULT = new OutputType("png", "image/png", "png256");

  /** Parses a TYPE value with mod_tile's rules and messages. */
  public static OutputType parse(String value) {
    String[] parts = value.trim().split("\\s+");
    if (parts.length < 2 || parts[0].isEmpty()) {
      throw new IllegalArgumentException(
          "Specified type (" + value + ") has too few parts, there must be at least 2, e.g., 'png image/png'.");
    }
    if (parts.length > 3) {
      throw new IllegalArgumentException(
          "Specified type (" + value + ") has too many parts, there must be no more than 3, e.g., 'png image/png png256'.");
    }
    for (String part : parts) {
      if (part.length() > 64) {
        throw new IllegalArgumentException("Specified type (" + value + ") has a part longer than 64 characters.");
      }
    }
    return new OutputType(
        parts[0], parts[1], parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : "png256");
  }

  @Override
  public String toString() {
    return extension + " " + mimeType + " " + format;
  }
}
