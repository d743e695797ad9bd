package org.jtile.frontend.http;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A layer's CORS rule ({@code add_cors} in mod_tile.c): none, {@code *}, or a list of allowed origins. mod_tile accepts
 * an Origin that is any <em>substring</em> of the configured string, so {@code http://a} passes for
 * {@code http://a.example.com}; here an origin must equal one of the listed ones (separated by spaces
 * or commas).
 */
final class Cors {
  /** What to do with a request's Origin. */
  enum Decision {
    /** No CORS headers: the layer has no rule, or the request no Origin. */
    NONE,
    ANY,
    ECHO_ORIGIN,
    FORBIDDEN
  }

  /** A week, as mod_tile. */
  private static final String PREFLIGHT_MAX_AGE = "604800";

  private final boolean any;
  private final Set<String> origins;

  Cors(String rule) {
    any = rule.trim().equals("*");
    origins = Arrays.stream(rule.split("[\\s,]+")).filter(s -> !s.isEmpty() && !s.equals("*"))
        .collect(Collectors.toUnmodifiableSet());
  }

  boolean isEnabled() {
    return any || !origins.isEmpty();
  }

  /**
   * Applies the rule to a request; false when the request is finished here (a disallowed origin gets
   * 403, a preflight 200 with the allowed headers).
   */
  boolean apply(Request request, Response response, Callback callback) {
    switch (decide(request.getHeaders().get(HttpHeader.ORIGIN))) {
      case NONE:
        return true;
      case FORBIDDEN:
        Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
        return false;
      case ANY:
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        break;
      default:
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, request.getHeaders().get(HttpHeader.ORIGIN));
        response.getHeaders().add(HttpHeader.VARY, "Origin");
    }
    if (HttpMethod.OPTIONS.is(request.getMethod())
        && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
      String headers = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
      if (headers != null) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, headers);
      }
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE);
      response.setStatus(HttpStatus.OK_200);
      callback.succeeded();
      return false;
    }
    return true;
  }

  Decision decide(String origin) {
    if (!isEnabled() || origin == null) {
      return Decision.NONE;
    }
    if (any) {
      return Decision.ANY;
    }
    return origins.contains(origin) ? Decision.ECHO_ORIGIN : Decision.FORBIDDEN;
  }
}
