/**
 * The renderer contract: what renderd's render threads call to draw a metatile ({@link
 * org.jtile.render.Renderer}) and how renderd finds renderers by name ({@link
 * org.jtile.render.RendererProvider}, through {@link java.util.ServiceLoader}). Implemented by Mapnik's
 * binding and by renderd's test renderer; neither needs the daemon to build.
 */
package org.jtile.render;
