package org.jtile.render;

import java.util.List;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;

/**
 * A kind of renderer a map section can name ({@code renderer = mapnik | test}), found with {@link
 * java.util.ServiceLoader}: the Mapnik binding plugs in by being on the class path.
 */
public interface RendererProvider {
  /** The name map sections use. */
  String name();

  /**
   * A renderer for {@code maps} (all the maps that name this provider), called once on each render
   * thread. Loading styles here, not on first use, makes a broken style fail at start-up.
   */
  Renderer open(RenderdConfig config, List<MapConfig> maps) throws RenderException;
}
