package org.jtile.frontend.http;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A layer's CORS rule (mod_tile §5.8): none, {@code *}, or a list of allowed origins. mod_tile accepts
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
