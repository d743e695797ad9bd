package org.jtile.frontend.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.admin.AdminConfig;
import org.jtile.frontend.admin.AdminData;
import org.jtile.frontend.layer.Layer;

/**
 * The operations page, {@code /admin}: charts of what both daemons do and a heat map of where people look
 * and renderd works, from {@code /admin/data} (one JSON document per sample, see {@link AdminData}).
 *
 * <p>Off by default (404, as if it did not exist). On, it answers only the addresses {@code admin.allow}
 * lists, by the connection's own address, never a forwarded one (403 otherwise): it shows clients'
 * addresses. A Unix-socket connection counts as loopback.
 */
public final class AdminHandler extends Handler.Abstract.NonBlocking {
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

  private final AdminConfig config;
  /** Null when the page is off. */
  private final AdminData data;
  private final StaticAssets assets = new StaticAssets();

  public AdminHandler(AdminConfig config, AdminData data, List<Layer> layers) {
    this.config = config;
    this.data = data;
    if (config.enabled()) {
      String page = new String(StaticAssets.read("admin.html"), StandardCharsets.UTF_8)
          .replace("/*LAYERS*/[]", DemoHandler.layersJson(layers));
      assets.add("/admin", "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), "no-cache")
          .add("/admin/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js")
          .add("/admin/uPlot.min.css", UPLOT + "uPlot.min.css");
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (!config.enabled() || !path.equals("/admin") && !path.startsWith("/admin/")) {
      return false;
    }
    if (!config.allows(peer(request))) {
      Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
      return true;
    }
    if (path.equals("/admin/data")) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      Responses.ok(request, response, callback, "application/json", data.json());
      return true;
    }
    if (!assets.serve(request, response, callback)) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  private static InetAddress peer(Request request) {
    return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : InetAddress.getLoopbackAddress();
  }
}
