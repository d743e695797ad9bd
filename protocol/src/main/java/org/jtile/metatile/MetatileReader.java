package org.jtile.metatile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads tiles out of metatiles, from a file by positional reads (the header, then the one tile: never
 * the whole file) or from bytes in memory (memcached, S3).
 *
 * <p>Every index entry is checked against the real length of the data before anything is allocated,
 * so a corrupt or hostile file costs at most one 1 MiB buffer and a {@link MetatileFormatException}.
 */
public final class MetatileReader {
  private MetatileReader() {}

  /**
   * The tile in {@code slot}, or empty if its entry has size 0 (a tile that does not exist).
   *
   * @throws MetatileFormatException the file is not a valid metatile
   * @throws IOException the file cannot be read
   */
  public static Optional<TileData> readTile(FileChannel file, int slot) throws IOException {
    long length = file.size();
    if (length < Metatile.HEADER_LENGTH) {
      throw tooSmall(length);
    }
    ByteBuffer header = ByteBuffer.allocate(Metatile.HEADER_LENGTH);
    readFully(file, header, 0);
    Entry entry = entry(header.flip(), slot, length);
    if (entry.size == 0) {
      return Optional.empty();
    }
    ByteBuffer tile = ByteBuffer.allocate(entry.size);
    readFully(file, tile, entry.offset);
    return Optional.of(new TileData(tile.array(), entry.gzipped));
  }

  /** Like {@link #readTile(FileChannel, int)} on a metatile held in memory, from its position. */
  public static Optional<TileData> readTile(ByteBuffer metatile, int slot)
      throws MetatileFormatException {
    ByteBuffer in = metatile.slice();
    if (in.remaining() < Metatile.HEADER_LENGTH) {
      throw tooSmall(in.remaining());
    }
    Entry entry = entry(in, slot, in.remaining());
    if (entry.size == 0) {
      return Optional.empty();
    }
    byte[] tile = new byte[entry.size];
    in.get((int) entry.offset, tile);
    return Optional.of(new TileData(tile, entry.gzipped));
  }

  /** Every tile of an in-memory metatile, by slot; absent tiles are empty arrays. */
  public static byte[][] readAll(ByteBuffer metatile) throws MetatileFormatException {
    byte[][] tiles = new byte[Metatile.COUNT][];
    for (int slot = 0; slot < Metatile.COUNT; slot++) {
      tiles[slot] = readTile(metatile, slot).map(TileData::bytes).orElse(new byte[0]);
    }
    return tiles;
  }

  private record Entry(long offset, int size, boolean gzipped) {}

  private static Entry entry(ByteBuffer header, int slot, long length)
      throws MetatileFormatException {
    if (slot < 0 || slot >= Metatile.COUNT) {
      throw new IllegalArgumentException("slot must be in [0, " + Metatile.COUNT + "): " + slot);
    }
    header.order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[4];
    header.get(0, magic);
    boolean gzipped = Arrays.equals(magic, Metatile.MAGIC_COMPRESSED);
    if (!gzipped && !Arrays.equals(magic, Metatile.MAGIC)) {
      throw new MetatileFormatException("bad metatile magic " + printable(magic) + " (expected META or METZ)");
    }
    int count = header.getInt(4);
    if (count != Metatile.COUNT) {
      throw new MetatileFormatException("metatile holds " + count + " tiles, expected " + Metatile.COUNT);
    }
    long offset = Integer.toUnsignedLong(header.getInt(20 + slot * 8));
    int size = header.getInt(24 + slot * 8);
    if (size < 0 || size > Metatile.MAX_TILE_SIZE) {
      throw new MetatileFormatException(
          "tile " + slot + " has size " + size + ", outside [0, " + Metatile.MAX_TILE_SIZE + "]");
    }
    if (size > 0 && (offset < Metatile.HEADER_LENGTH || offset + size > length)) {
      throw new MetatileFormatException(
          "tile " + slot + " at offset " + offset + " size " + size + " lies outside the "
              + length + "-byte metatile");
    }
    return new Entry(offset, size, gzipped);
  }

  private static void readFully(FileChannel file, ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      int n = file.read(dst, position + dst.position());
      if (n < 0) {
        throw new EOFException("metatile shrank while being read");
      }
    }
  }

  private static MetatileFormatException tooSmall(long length) {
    return new MetatileFormatException(
        "metatile is " + length + " bytes, too small for the " + Metatile.HEADER_LENGTH + "-byte header");
  }

  private static String printable(byte[] magic) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : magic) {
      out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return out.append('"').toString();
  }
}
