package org.jtile.renderd.queue;

/**
 * What makes two requests the same work: the style and the metatile origin. Options and mime type are
 * not part of it, as in mod_tile: two parameterised variants of one metatile share one render.
 */
public record JobKey(String style, int z, int x, int y) {}
