/**
 * Caching on both sides of the wire: mod_tile's Cache-Control/Expires rules for clients, the tile's state
 * (fresh, old, very old, missing), and the in-memory hot-tile cache.
 */
package org.jtile.frontend.cache;
