/**
 * Configuration shared by the daemons and the tools: renderd.conf's model ({@link
 * org.jtile.config.RenderdConfig}, {@link org.jtile.config.MapConfig}, with builders), read from a classic
 * mod_tile file ({@link org.jtile.config.ClassicConfig}) or jtile's HOCON ({@link
 * org.jtile.config.HoconConfig}, defaults in this module's {@code reference.conf}); {@link
 * org.jtile.config.HoconSection}, how both daemons load HOCON; the paths mod_tile and jtile default to
 * ({@link org.jtile.config.Defaults}); the classic INI reader; the output types of {@code TYPE}; start-up
 * errors with their exit codes.
 */
package org.jtile.config;
