package org.jtile.protocol;

import java.io.IOException;

/**
 * A peer sent bytes that are not a valid renderd message: an unknown version, a truncated struct or a
 * string field without its NUL. The message says which; the connection it came from is unusable.
 */
public class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
