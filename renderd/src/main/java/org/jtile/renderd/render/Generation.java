package org.jtile.renderd.render;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;

/**
 * One loaded configuration: what the request handler accepts and what render threads render. A reload
 * publishes a new generation; each render thread reopens its renderers for it between two jobs, so the
 * queue and the clients waiting in it are never dropped.
 *
 * @param number counts reloads, from 0 at start-up
 */
public record Generation(long number, RenderdConfig config, Map<String, MapConfig> maps) {
  public Generation {
    maps = Map.copyOf(maps);
  }

  public static Generation of(long number, RenderdConfig config) {
    Map<String, MapConfig> maps = new LinkedHashMap<>();
    config.maps().forEach(m -> maps.put(m.name(), m));
    return new Generation(number, config, maps);
  }
}
