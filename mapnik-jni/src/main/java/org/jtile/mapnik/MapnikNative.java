package org.jtile.mapnik;

/**
 * The native entry points; only {@link Mapnik} and {@link MapnikMap} call them. Every C++ exception is
 * caught on the native side and rethrown here as a {@link MapnikException} with Mapnik's message.
 * Handles are pointers to C++ objects owned by the Java object that holds them.
 */
final class MapnikNative {
  private MapnikNative() {}

  /** Registers input plugins and fonts; the native side does it once per process. */
  static native void init(String pluginsDir, String fontDir, boolean recurse);

  /** Loads a style into a new {@code mapnik::Map}; returns its handle. */
  static native long loadMap(String xmlPath);

  /** What a strict load of the style complains about, or null if nothing. */
  static native String strictProblem(String xmlPath);

  /** The map's spatial reference (its {@code srs} attribute). */
  static native String srs(long map);

  /**
   * Renders {@code width}×{@code height} pixels of the box into a new RGBA image; returns its handle.
   * Sets the map's buffer to {@code defaultBuffer} first when the style sets none. A non-empty {@code
   * language} renders a copy of the map with its layers' name column localised.
   */
  static native long renderImage(long map, int width, int height, double scale, int defaultBuffer,
      double minX, double minY, double maxX, double maxY, String language);

  /** Encodes the {@code size}×{@code size} view at pixel ({@code x}, {@code y}); safe from any thread. */
  static native byte[] encode(long image, int x, int y, int size, String format);

  static native void freeImage(long image);

  static native void freeMap(long map);
}
