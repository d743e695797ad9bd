/**
 * Configuration and life cycle shared by the daemons and the tools: renderd.conf's model ({@link
 * org.jtile.config.RenderdConfig}, {@link org.jtile.config.MapConfig}), read from a classic mod_tile file
 * ({@link org.jtile.config.ClassicConfig}) or jtile's HOCON ({@link org.jtile.config.HoconConfig}, defaults
 * in this module's {@code reference.conf}); the classic INI reader; the output types of {@code TYPE};
 * start-up errors with their exit codes; the version; and {@link org.jtile.config.DaemonMain} (start, stop
 * on SIGTERM, reload on SIGHUP).
 */
package org.jtile.config;
