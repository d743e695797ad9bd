package org.jtile.mapnik;

/** Mapnik failed: a style that does not load, a datasource that does not open, a render that throws. */
final class MapnikException extends RuntimeException {
  public MapnikException(String message) {
    super(message);
  }

  public MapnikException(String message, Throwable cause) {
    super(message, cause);
  }
}
