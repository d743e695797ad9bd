package org.jtile.metatile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * One tile's bytes as stored in its metatile.
 *
 * @param gzipped true when the metatile was a {@code METZ}: the bytes are the gzip of the image, to be
 *     served with {@code Content-Encoding: gzip} or {@linkplain #inflated() inflated}
 */
public record TileData(byte[] bytes, boolean gzipped) {
  /** No decompressed tile may be larger than this: a gzip bomb fails instead of filling the heap. */
  public static final int MAX_INFLATED_SIZE = 8 * Metatile.MAX_TILE_SIZE;

  /** The image bytes: {@link #bytes} as they are, or decompressed for a {@code METZ} tile. */
  public byte[] inflated() throws MetatileFormatException {
    if (!gzipped) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 2);
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (out.size() + n > MAX_INFLATED_SIZE) {
          throw new MetatileFormatException(
              "compressed tile inflates beyond " + MAX_INFLATED_SIZE + " bytes");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (MetatileFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new MetatileFormatException("compressed tile is not valid gzip: " + e.getMessage());
    }
  }
}
