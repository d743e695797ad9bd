/**
 * What renderd reports: mod_tile's stats file with its exact keys, and metrics over JMX and as Prometheus
 * text.
 */
package org.jtile.renderd.stats;
