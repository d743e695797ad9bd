package org.jtile.metatile;

import java.io.IOException;

/**
 * A metatile's bytes are not a valid metatile: too short for the header, bad magic, a count other
 * than 64, or an index entry pointing outside the file or at a tile larger than 1 MiB.
 */
public final class MetatileFormatException extends IOException {
  public MetatileFormatException(String message) {
    super(message);
  }
}
