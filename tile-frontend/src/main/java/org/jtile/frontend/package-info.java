/**
 * jtile-frontend, the Jetty 12 tile server. The request path is the sub-packages in order: {@code http}
 * (URL → tile request) → {@code layer} → the store → the metatile → the response, with {@code cache}
 * (headers, hot tiles), {@code render} (asking renderd), {@code throttle} and {@code stats} beside it;
 * {@code config} reads the settings.
 */
package org.jtile.frontend;
