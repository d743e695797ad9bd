package org.jtile.popularity;

import org.jtile.metatile.MetatileCoord;

/** A metatile of one layer (style) and its estimated, decayed view count. */
public record Ranked(String layer, MetatileCoord coord, int views) {}
