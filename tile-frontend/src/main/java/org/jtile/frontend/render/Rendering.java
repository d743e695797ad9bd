package org.jtile.frontend.render;

import java.time.Duration;
import java.util.Objects;

/**
 * How the frontend asks for renders (mod_tile's ModTileMissingRequestTimeout and
 * ModTileRequestTimeout, default 3 s each).
 */
public record Rendering(RenderdClient client, Duration missingTimeout, Duration staleTimeout) {
  public Rendering {
    Objects.requireNonNull(client, "client");
    if (missingTimeout.isNegative() || staleTimeout.isNegative()) {
      throw new IllegalArgumentException("render timeouts must be >= 0: " + missingTimeout + ", " + staleTimeout);
    }
  }
}
