/**
 * Which metatiles people look at ({@link org.jtile.frontend.popularity.Popularity}) and, after an import
 * or an expiry, re-rendering the stale ones most-viewed first ({@link org.jtile.frontend.popularity.Refresher}).
 */
package org.jtile.frontend.popularity;
