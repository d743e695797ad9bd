/**
 * What the frontend counts: mod_tile's statistics and metric names, and jtile's own metrics.
 */
package org.jtile.frontend.stats;
