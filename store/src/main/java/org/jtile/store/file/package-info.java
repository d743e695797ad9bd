/**
 * The mod_tile file layout: hashed metatile paths, atomic writes, and mod_tile's expiry by {@code planet-
 * import-complete} and back-dated files.
 */
package org.jtile.store.file;
