package org.jtile.frontend.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jtile.frontend.stats.FrontendStats;

/**
 * mod_tile's statistics pages: {@code /mod_tile} (plain {@code Key: value} lines, for munin) and
 * {@code /metrics} (Prometheus text). With stats off both say so, as mod_tile does.
 */
public final class StatsHandler extends Handler.Abstract.NonBlocking {
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Null when stats are off. */
  private final FrontendStats stats;

  public StatsHandler(FrontendStats stats) {
    this.stats = stats;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    boolean page = path.equals("/mod_tile");
    if (!page && !path.equals("/metrics")) {
      return false;
    }
    if (stats == null) {
      Responses.text(response, callback, "Stats are not enabled for this server");
      return true;
    }
    byte[] body;
    if (page) {
      body = stats.modTilePage().getBytes(StandardCharsets.US_ASCII);
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
      stats.writePrometheus(out);
      body = out.toByteArray();
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, page ? "text/plain; charset=us-ascii" : PROMETHEUS_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
