/**
 * How often each metatile is viewed, in bounded memory: a decaying {@link org.jtile.popularity.FrequencySketch}
 * for any metatile's count and a bounded set of the most-viewed ones ({@link org.jtile.popularity.PopularityRecord}),
 * written to a file ({@link org.jtile.popularity.RecordFile}) so it survives restarts and several frontends'
 * records can be merged. Re-rendering after an import goes by it, most-viewed first.
 */
package org.jtile.popularity;
