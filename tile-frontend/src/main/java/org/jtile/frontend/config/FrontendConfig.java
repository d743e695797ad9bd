package org.jtile.frontend.config;

import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import org.jtile.frontend.popularity.PopularityConfig;
import org.jtile.frontend.admin.AdminConfig;
import org.jtile.frontend.cachecontrol.CacheConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.throttle.ThrottleConfig;

/**
 * Everything the frontend runs with, from {@link HoconFrontendConfig} and {@link ClassicLayers}.
 *
 * @param renderd where to ask for renders; empty to serve only what is stored
 * @param layers in match order: the first whose URI prefixes a path serves it
 */
public record FrontendConfig(
    HttpSettings http,
    Optional<SocketAddress> renderd,
    RenderPolicy render,
    TileSettings tiles,
    CacheConfig cache,
    ThrottleConfig throttle,
    AdminConfig admin,
    PopularityConfig popularity,
    List<Layer> layers) {

  public FrontendConfig {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no layers configured");
    }
  }

  /** A config serving {@code layers} on loopback with mod_tile's defaults: for tests and tools. */
  public static FrontendConfig of(List<Layer> layers, Optional<SocketAddress> renderd, RenderPolicy render) {
    return new FrontendConfig(HttpSettings.loopback(), renderd, render, TileSettings.DEFAULT, CacheConfig.DEFAULT,
        ThrottleConfig.OFF, AdminConfig.OFF, PopularityConfig.OFF, layers);
  }

  public FrontendConfig withHttp(HttpSettings http) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }

  public FrontendConfig withThrottle(ThrottleConfig throttle) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }

  public FrontendConfig withTiles(TileSettings tiles) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }

  public FrontendConfig withAdmin(AdminConfig admin) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }

  public FrontendConfig withPopularity(PopularityConfig popularity) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }

  public FrontendConfig withCache(CacheConfig cache) {
    return new FrontendConfig(http, renderd, render, tiles, cache, throttle, admin, popularity, layers);
  }
}
