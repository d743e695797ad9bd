/**
 * What both daemons share of configuration and life cycle: the classic renderd.conf INI reader, the
 * output types of {@code TYPE}, start-up errors with their exit codes, the version, and {@link
 * org.jtile.config.DaemonMain} (start, stop on SIGTERM, reload on SIGHUP).
 */
package org.jtile.config;
