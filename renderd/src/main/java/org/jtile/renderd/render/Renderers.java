package org.jtile.renderd.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.metatile.MetatileCoord;
import org.jtile.render.RenderException;
import org.jtile.render.Renderer;
import org.jtile.render.RendererProvider;

/**
 * One render thread's renderers: for each provider its maps name, one {@link Renderer} opened on this
 * thread. Dispatches each map to its own.
 */
public final class Renderers implements Renderer {
  private final Map<String, Renderer> byMap = new HashMap<>();
  private final List<Renderer> opened = new ArrayList<>();

  private Renderers() {}

  /** The providers on the class path by name. */
  public static Map<String, RendererProvider> providers() {
    Map<String, RendererProvider> providers = new LinkedHashMap<>();
    for (RendererProvider p : ServiceLoader.load(RendererProvider.class)) {
      providers.put(p.name(), p);
    }
    return providers;
  }

  /**
   * Opens every renderer the maps need, on the calling thread.
   *
   * @throws RenderException a map names a renderer that is not installed, or a style fails to load
   */
  public static Renderers open(RenderdConfig config, Map<String, RendererProvider> providers) throws RenderException {
    Map<String, List<MapConfig>> mapsByRenderer = new LinkedHashMap<>();
    for (MapConfig map : config.maps()) {
      if (!providers.containsKey(map.renderer())) {
        throw new RenderException("map " + map.name() + ": renderer '" + map.renderer()
            + "' is not installed (available: " + String.join(", ", providers.keySet()) + ")");
      }
      mapsByRenderer.computeIfAbsent(map.renderer(), r -> new ArrayList<>()).add(map);
    }
    Renderers renderers = new Renderers();
    try {
      for (Map.Entry<String, List<MapConfig>> e : mapsByRenderer.entrySet()) {
        Renderer renderer = providers.get(e.getKey()).open(config, e.getValue());
        renderers.opened.add(renderer);
        e.getValue().forEach(map -> renderers.byMap.put(map.name(), renderer));
      }
    } catch (RenderException | RuntimeException e) {
      renderers.close();
      throw e;
    }
    return renderers;
  }

  @Override
  public byte[][] render(MapConfig map, MetatileCoord origin, String options) throws RenderException {
    return byMap.get(map.name()).render(map, origin, options);
  }

  @Override
  public void close() {
    opened.forEach(Renderer::close);
    opened.clear();
  }
}
