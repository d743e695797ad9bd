/**
 * {@code memory:<size>:<storage>}: whole metatiles in a byte-bounded LRU in front of another store.
 */
package org.jtile.store.memory;
