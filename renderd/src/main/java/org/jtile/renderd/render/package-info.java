/**
 * The render threads and the renderer contract: a {@link org.jtile.renderd.render.RenderWorker} per
 * thread takes a job, has its own {@link org.jtile.render.Renderer} draw it, stores the metatile
 * atomically and answers every waiter.
 */
package org.jtile.renderd.render;
