/**
 * The one place that parses the frontend's settings: jtile's HOCON and, for layers, a classic
 * renderd.conf.
 */
package org.jtile.frontend.config;
