/**
 * A layer: a URI, the renderd style behind it, its zooms, type and store.
 */
package org.jtile.frontend.layer;
