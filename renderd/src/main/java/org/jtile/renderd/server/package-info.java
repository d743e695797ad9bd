/**
 * renderd's socket side: one selector thread for every connection (Unix socket and TCP), the decoding of
 * requests, renderd's reply rules and the replies, later ones included.
 */
package org.jtile.renderd.server;
