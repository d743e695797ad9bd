package org.jtile.frontend.http;

import org.jtile.frontend.layer.Layer;
import org.jtile.metatile.TileCoord;

/**
 * What a request path asks for, after mod_tile's URL grammar.
 *
 * @param options the parameterised-style segment, "" for plain layers
 */
record TileRequest(Layer layer, Kind kind, String options, TileCoord tile) {
  /** The forms a path can take under a layer. */
  public enum Kind {
    TILE,
    STATUS,
    DIRTY,
    TILE_JSON
  }
}
