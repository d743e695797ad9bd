/**
 * {@code jtile}: mod_tile's command-line tools (render-list, render-expired, render-old, render-
 * speedtest), their options, the pipelined reconnecting renderd client and the store work spread over a
 * few threads.
 */
package org.jtile.tools;
