package org.jtile.frontend.renderd;

import java.time.Duration;
import java.util.Objects;

/** How the frontend reaches renderd and when it asks. */
public record Rendering(RenderdClient client, RenderPolicy policy) {
  public Rendering {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(policy, "policy");
  }

  /** mod_tile's defaults with these timeouts. */
  public Rendering(RenderdClient client, Duration missingTimeout, Duration staleTimeout) {
    this(client, RenderPolicy.timeouts(missingTimeout, staleTimeout));
  }
}
