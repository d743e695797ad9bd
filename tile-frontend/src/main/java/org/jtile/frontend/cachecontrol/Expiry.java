package org.jtile.frontend.cachecontrol;

import org.eclipse.jetty.http.HttpField;

/**
 * A tile's Cache-Control and Expires for its responses within one second, encoded once. A hot tile keeps
 * its latest, so the two fields that change with every second (Expires) or every draw of mod_tile's jitter
 * (max-age) are built and encoded once a second per tile rather than for each response: HTTP/2's HPACK
 * would otherwise Huffman-code both for every response. The responses of that second share one draw of the
 * jitter, which still spreads a map's tiles, and each tile's seconds, over the jitter's three hours.
 *
 * @param second the epoch second they were built for
 * @param state the tile's state they were built for (a planet import can make it stale within the second)
 * @param extendedHost built for a request to the extended host, whose max-age is its own
 */
public record Expiry(long second, TileState state, boolean extendedHost, HttpField cacheControl, HttpField expires) {
  /** True if these fields answer a request in {@code second} for a tile in {@code state}. */
  public boolean holds(long second, TileState state, boolean extendedHost) {
    return this.second == second && this.state == state && this.extendedHost == extendedHost;
  }
}
