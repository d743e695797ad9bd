/**
 * {@code memcached://}: mod_tile's memcached layout, the stat header and the metatile under one key.
 */
package org.jtile.store.memcached;
