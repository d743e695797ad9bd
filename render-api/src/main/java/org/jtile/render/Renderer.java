package org.jtile.render;

import org.jtile.config.MapConfig;
import org.jtile.metatile.MetatileCoord;

/**
 * Draws metatiles. <b>One instance per render thread</b>, never shared: implementations may keep
 * per-thread state (a Mapnik map per style) and need no locking. The instance is created on its
 * thread by {@link RendererProvider#open} and closed there.
 */
public interface Renderer extends AutoCloseable {
  /**
   * Renders the metatile at {@code origin} of {@code map} and encodes its tiles in the map's output
   * format.
   *
   * @param options the request's parameterised-style options ("" for none)
   * @return 64 encoded tiles indexed by {@link org.jtile.metatile.Metatile#slot}; null where the
   *     metatile has no tile (zooms 0–2)
   * @throws RenderException with a message fit for one log line; the worker answers NotDone and
   *     goes on with its next job
   */
  byte[][] render(MapConfig map, MetatileCoord origin, String options) throws RenderException;

  /** Frees what the renderer holds; idempotent. */
  @Override
  void close();
}
