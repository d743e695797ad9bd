/**
 * {@code chain:a|b|…}: layered stores, read from the fastest that has the metatile, written to all, a
 * failing layer skipped with back-off.
 */
package org.jtile.store.chain;
