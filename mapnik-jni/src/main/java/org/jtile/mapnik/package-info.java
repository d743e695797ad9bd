/**
 * jtile's JNI binding to libmapnik 3.1 ({@code src/main/native/mapnik_jni.cpp}) and the {@code mapnik}
 * renderer renderd finds through {@link java.util.ServiceLoader}: one {@link org.jtile.mapnik.MapnikMap}
 * per render thread, tiles as C renderd's {@code gen_tile.cpp} draws them.
 */
package org.jtile.mapnik;
