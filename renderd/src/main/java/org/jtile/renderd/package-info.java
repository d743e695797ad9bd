/**
 * jtile-renderd, the render daemon. The render path is the sub-packages in order: {@code server} (socket,
 * reply rules) → {@code queue} → {@code render} (workers, renderers) → the store → the reply; {@code
 * config} reads renderd.conf, {@code stats} reports.
 */
package org.jtile.renderd;
