/**
 * renderd's configuration, read once at start-up (and on SIGHUP) from a classic renderd.conf or jtile's
 * HOCON into immutable records.
 */
package org.jtile.renderd.config;
