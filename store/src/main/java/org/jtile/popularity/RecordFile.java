package org.jtile.popularity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A {@link PopularityRecord} on disk ({@code NAME.pop}): the magic {@code JTPOP}, a version byte, then,
 * deflated, the sketch width, the total, when it was last decayed, the layer names, the top set's keys, the sketch's counter words
 * and a CRC-32 of all that. Written to a temporary file and renamed, so a reader never sees half a file;
 * a file that is truncated, corrupt or of another version is refused with an {@link IOException} saying
 * why, and nothing is half-restored.
 */
public final class RecordFile {
  public static final String SUFFIX = ".pop";
  private static final byte[] MAGIC = {'J', 'T', 'P', 'O', 'P'};
  private static final int VERSION = 1;
  private static final int MAX_LAYERS = 4096;

  private RecordFile() {}

  /** Writes {@code record} to {@code file}, replacing it atomically. */
  public static void write(PopularityRecord record, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        write(record, raw);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The record in this format, as bytes: what a frontend shares through Redis. */
  public static byte[] toBytes(PopularityRecord record) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
    try {
      write(record, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static void write(PopularityRecord record, OutputStream raw) throws IOException {
    raw.write(MAGIC);
    raw.write(VERSION);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      DeflaterOutputStream deflated = new DeflaterOutputStream(raw, deflater, 1 << 16);
      CRC32 crc = new CRC32();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(deflated, crc));
      out.writeByte(record.widthLog2());
      out.writeLong(record.totalViews());
      out.writeLong(record.decayedAt());
      List<String> layers = record.layers();
      out.writeInt(layers.size());
      for (String layer : layers) {
        out.writeUTF(layer);
      }
      long[] keys = record.topKeys();
      out.writeInt(keys.length);
      for (long key : keys) {
        out.writeLong(key);
      }
      for (long word : record.sketch().words()) {
        out.writeLong(word);
      }
      out.flush();
      new DataOutputStream(deflated).writeInt((int) crc.getValue());
      deflated.finish();
    } finally {
      deflater.end();
    }
  }

  /**
   * Reads the record in {@code file}, keeping the {@code topCapacity} most-viewed of its top set.
   *
   * @throws IOException the file cannot be read or is not a whole, valid record (the message says which)
   */
  public static PopularityRecord read(Path file, int topCapacity) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(raw, topCapacity);
    }
  }

  /**
   * Reads a record {@link #toBytes} made, keeping the {@code topCapacity} most-viewed of its top set.
   *
   * @throws IOException the bytes are not a whole, valid record (the message says which)
   */
  public static PopularityRecord fromBytes(byte[] bytes, int topCapacity) throws IOException {
    return read(new java.io.ByteArrayInputStream(bytes), topCapacity);
  }

  private static PopularityRecord read(InputStream raw, int topCapacity) throws IOException {
    try {
      byte[] magic = raw.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a popularity record (no JTPOP header)");
      }
      int version = raw.read();
      if (version != VERSION) {
        throw new IOException(version < 0 ? "truncated" : "record version " + version + ", expected " + VERSION);
      }
      InflaterInputStream inflated = new InflaterInputStream(raw, new Inflater(), 1 << 16);
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(inflated, crc));
      int widthLog2 = in.readUnsignedByte();
      long total = in.readLong();
      long decayedAt = in.readLong();
      int layerCount = in.readInt();
      if (widthLog2 < 4 || widthLog2 > 28 || total < 0 || decayedAt < 0 || layerCount < 0 || layerCount > MAX_LAYERS) {
        throw new IOException("corrupt header");
      }
      List<String> layers = new ArrayList<>(layerCount);
      for (int i = 0; i < layerCount; i++) {
        layers.add(in.readUTF());
      }
      int keyCount = in.readInt();
      if (keyCount < 0 || keyCount > 1 << 26) {
        throw new IOException("corrupt top set size " + keyCount);
      }
      long[] keys = new long[keyCount];
      for (int i = 0; i < keyCount; i++) {
        keys[i] = in.readLong();
      }
      PopularityRecord record = new PopularityRecord(widthLog2, topCapacity);
      long[] words = record.sketch().words();
      for (int i = 0; i < words.length; i++) {
        words[i] = in.readLong();
      }
      int expected = (int) crc.getValue();
      if (new DataInputStream(inflated).readInt() != expected) {
        throw new IOException("checksum mismatch");
      }
      if (inflated.read() != -1) {
        throw new IOException("trailing data");
      }
      record.restore(layers, keys, total, decayedAt);
      return record;
    } catch (EOFException e) {
      throw new IOException("truncated");
    } catch (ZipException | UTFDataFormatException e) {
      throw new IOException("corrupt: " + e.getMessage());
    }
  }

  /**
   * All the records in {@code dir} merged (see {@link #mergeAll}), or null when it holds none that can be
   * read: what a tool orders its work by.
   */
  public static PopularityRecord readAll(Path dir, int topCapacity, Consumer<String> warn) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no such directory: " + dir);
    }
    PopularityRecord[] merged = {null};
    each(dir, null, topCapacity, warn, record -> {
      if (merged[0] == null) {
        merged[0] = record;
        return true;
      }
      return merge(merged[0], record, warn);
    });
    return merged[0];
  }

  /**
   * Merges every {@code *.pop} record in {@code dir} but {@code skip} into {@code into}: several frontends'
   * views of one cache. A file that cannot be read or has another sketch width is left out with one line
   * to {@code warn}. Returns how many were merged.
   */
  public static int mergeAll(Path dir, Path skip, PopularityRecord into, Consumer<String> warn) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    return each(dir, skip, into.topCapacity(), warn, record -> merge(into, record, warn));
  }

  /** Merges {@code other} into {@code into}, or warns and returns false when their sketch widths differ. */
  public static boolean merge(PopularityRecord into, PopularityRecord other, Consumer<String> warn) {
    if (other.widthLog2() != into.widthLog2()) {
      warn.accept("a popularity record left out: sketch width 2^" + other.widthLog2() + ", expected 2^"
          + into.widthLog2());
      return false;
    }
    into.merge(other);
    return true;
  }

  /** Hands {@code use} each readable record in {@code dir} but {@code skip}; counts those it took. */
  private static int each(Path dir, Path skip, int topCapacity, Consumer<String> warn, Predicate<PopularityRecord> use)
      throws IOException {
    int used = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        if (file.equals(skip)) {
          continue;
        }
        PopularityRecord record;
        try {
          record = read(file, topCapacity);
        } catch (IOException e) {
          warn.accept("popularity record " + file + " left out: " + e.getMessage());
          continue;
        }
        if (use.test(record)) {
          used++;
        }
      }
    }
    return used;
  }
}
