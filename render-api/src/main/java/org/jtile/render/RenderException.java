package org.jtile.render;

/** A metatile could not be rendered or a style could not be loaded; the message says why. */
public class RenderException extends Exception {
  public RenderException(String message) {
    super(message);
  }

  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
