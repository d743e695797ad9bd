/**
 * A daemon's life cycle, shared by jtile-renderd and jtile-frontend: the command line, start-up with
 * mod_tile's exit codes, stopping on SIGTERM/SIGINT, reloading on SIGHUP, and the version.
 */
package org.jtile.daemon;
