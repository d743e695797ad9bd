package org.jtile.frontend.renderd;

import java.time.Duration;

/**
 * When the frontend asks renderd for a tile, at which priority, and how long it waits (mod_tile.c's
 * {@code tile_storage_hook}).
 *
 * <p>mod_tile judges renderd busy by the host's load average, which says nothing about a renderd on
 * another host and much about unrelated work on this one. jtile counts the renders this frontend is
 * waiting for at once instead — its own share of renderd's queue, which grows exactly when renderd
 * falls behind: past {@code busyOld} stale tiles are served at once (and queued as Dirty), past {@code
 * busyMissing} missing tiles get Dirty and 404 at once — but only for clients already waiting for a render,
 * so a downloader filling the frontend does not turn map users away. Never more than {@code maxWaiting}
 * requests wait; a wait holds no server thread.
 *
 * <p>Renders are shared between clients: a client already waiting for {@code clientInFlight} renders asks
 * for more as RenderBulk, so its excess queues behind everybody else's interactive renders, in jtile's
 * renderd and in C renderd alike (jtile's renderd also orders each class by the clients' demand).
 *
 * @param missingTimeout wait for a missing tile (ModTileMissingRequestTimeout)
 * @param staleTimeout wait for the re-render of a stale one (ModTileRequestTimeout)
 * @param clientInFlight renders one client may wait for at its tiles' own priority
 * @param bulkMode every request is RenderBulk and stale tiles are served as they are (ModTileBulkMode)
 */
public record RenderPolicy(Duration missingTimeout, Duration staleTimeout, int busyOld, int busyMissing,
    int maxWaiting, int clientInFlight, boolean bulkMode) {

  public static final RenderPolicy DEFAULT =
      new RenderPolicy(Duration.ofSeconds(3), Duration.ofSeconds(3), 16, 48, 256, 2, false);

  public RenderPolicy {
    if (missingTimeout.isNegative() || staleTimeout.isNegative()) {
      throw new IllegalArgumentException("render timeouts must be >= 0: " + missingTimeout + ", " + staleTimeout);
    }
    if (busyOld < 0 || busyMissing < 0) {
      throw new IllegalArgumentException("busy thresholds must be >= 0: " + busyOld + ", " + busyMissing);
    }
    if (maxWaiting < 1) {
      throw new IllegalArgumentException("max waiting renders must be >= 1: " + maxWaiting);
    }
    if (clientInFlight < 1) {
      throw new IllegalArgumentException("renders in flight per client must be >= 1: " + clientInFlight);
    }
  }

  /** The defaults with these timeouts. */
  public static RenderPolicy timeouts(Duration missing, Duration stale) {
    return new RenderPolicy(missing, stale, DEFAULT.busyOld, DEFAULT.busyMissing, DEFAULT.maxWaiting,
        DEFAULT.clientInFlight, false);
  }
}
