/**
 * The metatile store behind both daemons and the tools: the {@link org.jtile.store.TileStore} contract
 * and {@link org.jtile.store.TileStores#open} for mod_tile's storage strings; one package per backend.
 */
package org.jtile.store;
