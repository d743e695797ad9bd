/**
 * The metatile: 8×8 tiles in one {@code .meta} file, its byte layout (read and written as mod_tile does),
 * tile and metatile coordinates, and mod_tile's hashed path layout.
 */
package org.jtile.metatile;
