package org.jtile.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.metatile.TileCoord;

/**
 * Reads a list of tiles straight from its bytes, without a String per line: an osm2pgsql expire list
 * ({@code z/x/y} lines) for render-expired, where planet diffs produce millions of lines and turning each
 * into objects cost more than the rest of the run together, or render_list's {@code X Y Z} lines. Fields
 * are decimal, without leading zeros, blanks around them ignored; the tile must exist at its zoom. Memory
 * is bounded whatever the input: a line longer than {@value #MAX_LINE} characters is bad, and only the
 * start of a bad line is made a String, to report it.
 */
final class TileListReader {
  /** A line longer than this is bad (and skipped to its end): no list line comes near it. */
  private static final int MAX_LINE = 1 << 10;

  /** How a line writes a tile. */
  enum Format {
    /** osm2pgsql's expire list. */
    EXPIRE_LIST("z/x/y"),
    /** render_list's standard input, fields separated by blanks. */
    RENDER_LIST("X Y Z");

    private final String pattern;

    Format(String pattern) {
      this.pattern = pattern;
    }
  }

  enum Line { TILE, BAD, END }

  private final InputStream in;
  private final Format format;
  private final byte[] buffer = new byte[1 << 16];
  /** Bytes of input before buffer[0]. */
  private long base;
  /** Bytes of the lines handed out, for progress from another thread. */
  private final AtomicLong done = new AtomicLong();
  private int position;
  private int limit;
  private boolean eof;
  private long number;
  private int z;
  private int x;
  private int y;
  /** The general path's (from, to) of each field of the line, in line order: z/x/y or X Y Z. */
  private final int[] fields = new int[6];
  private String bad;
  private boolean badTooLong;
  /** Where {@link #plainNumber} goes on reading. */
  private int cursor;

  TileListReader(InputStream in, Format format) {
    this.in = in;
    this.format = format;
  }

  /** Reads the next line: a tile (then {@link #z()}, {@link #x()}, {@link #y()}), a bad line, or the end. */
  Line next() throws IOException {
    done.lazySet(base + position); // the caller is through with the line before: a plain store, no fence
    if (plainLine()) {
      return Line.TILE;
    }
    int end = lineEnd();
    if (end < 0) {
      return Line.END;
    }
    number++;
    int start = position;
    position = Math.min(end + 1, limit);
    badTooLong = end - start > MAX_LINE;
    if (badTooLong || !parse(start, end)) {
      bad = new String(buffer, start, Math.min(end - start, MAX_LINE), StandardCharsets.US_ASCII);
      if (badTooLong) {
        skipRestOfLine();
      }
      return Line.BAD;
    }
    return Line.TILE;
  }

  /**
   * Reads a line of the plain form every expire list writer uses ({@code z/x/y} and a newline, no blanks,
   * whole in the buffer) in one pass over its bytes, where the general path scans it three times. Anything
   * else, valid or not, is left to the general path: this one only ever accepts what that one would.
   */
  private boolean plainLine() {
    if (format != Format.EXPIRE_LIST) {
      return false;
    }
    cursor = position;
    int tileZ = plainNumber('/', TileCoord.MAX_ZOOM);
    if (tileZ < 0) {
      return false;
    }
    int max = TileCoord.tilesPerAxis(tileZ) - 1;
    int tileX = plainNumber('/', max);
    int tileY = tileX < 0 ? -1 : plainNumber('\n', max);
    if (tileY < 0) {
      return false;
    }
    z = tileZ;
    x = tileX;
    y = tileY;
    number++;
    position = cursor;
    return true;
  }

  /** The decimal (at most {@code max}) at {@link #cursor} ended by {@code end}, moving past both; else -1. */
  private int plainNumber(char end, int max) {
    int i = cursor;
    if (i >= limit || buffer[i] < '0' || buffer[i] > '9') {
      return -1;
    }
    long value = buffer[i++] - '0';
    if (value != 0) { // a leading zero is bad
      for (; i < limit && buffer[i] >= '0' && buffer[i] <= '9' && value <= max; i++) {
        value = value * 10 + buffer[i] - '0';
      }
    }
    if (i >= limit || buffer[i] != end || value > max) {
      return -1;
    }
    cursor = i + 1;
    return (int) value;
  }

  /** The index of the newline ending the line at {@link #position} (or of the end of input), -1 at the end. */
  private int lineEnd() throws IOException {
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        if (buffer[i] == '\n') {
          return i;
        }
      }
      if (eof) {
        return position < limit ? limit : -1;
      }
      if (limit - position > MAX_LINE) {
        return position + MAX_LINE + 1; // too long: bad, whatever follows
      }
      scanned = limit - position;
      fill();
    }
  }

  private void fill() throws IOException {
    base += position;
    System.arraycopy(buffer, position, buffer, 0, limit - position);
    limit -= position;
    position = 0;
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
  }

  private void skipRestOfLine() throws IOException {
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          position = i + 1;
          return;
        }
      }
      position = limit;
      if (eof) {
        return;
      }
      fill();
    }
  }

  private boolean parse(int start, int end) {
    boolean expire = format == Format.EXPIRE_LIST;
    if (!(expire ? slashFields(start, end) : blankFields(start, end))) {
      return false;
    }
    int zAt = expire ? 0 : 4;
    int xAt = expire ? 2 : 0;
    z = decimal(fields[zAt], fields[zAt + 1], TileCoord.MAX_ZOOM);
    if (z < 0) {
      return false;
    }
    int max = TileCoord.tilesPerAxis(z) - 1;
    x = decimal(fields[xAt], fields[xAt + 1], max);
    y = decimal(fields[xAt + 2], fields[xAt + 3], max);
    return x >= 0 && y >= 0;
  }

  /** Finds the {@link #fields} of a z/x/y line; false unless it has two slashes. */
  private boolean slashFields(int start, int end) {
    int first = indexOf('/', start, end);
    int second = first < 0 ? -1 : indexOf('/', first + 1, end);
    if (second < 0 || indexOf('/', second + 1, end) >= 0) {
      return false;
    }
    fields[0] = start;
    fields[1] = first;
    fields[2] = first + 1;
    fields[3] = second;
    fields[4] = second + 1;
    fields[5] = end;
    return true;
  }

  /** Finds the {@link #fields} of a line of blank-separated fields; false unless it has three. */
  private boolean blankFields(int start, int end) {
    int count = 0;
    for (int i = start; i < end; ) {
      while (i < end && blank(buffer[i])) {
        i++;
      }
      if (i == end) {
        break;
      }
      if (count == 3) {
        return false;
      }
      fields[2 * count] = i;
      while (i < end && !blank(buffer[i])) {
        i++;
      }
      fields[2 * count + 1] = i;
      count++;
    }
    return count == 3;
  }

  private static boolean blank(byte b) {
    return (b & 0xff) <= ' ';
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** The decimal in {@code [from, to)} without surrounding blanks, or -1 if it is not one or above max. */
  private int decimal(int from, int to, int max) {
    while (from < to && blank(buffer[from])) {
      from++;
    }
    while (to > from && blank(buffer[to - 1])) {
      to--;
    }
    int length = to - from;
    if (length == 0 || length > 10 || (length > 1 && buffer[from] == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = buffer[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value <= max ? (int) value : -1;
  }

  /**
   * Whether {@link #next} can go on without reading the input, for all but a line cut by the buffer's end:
   * false means it reads, and may wait for input that comes slowly.
   */
  boolean buffered() {
    return position < limit || eof;
  }

  /** Bytes of input in the lines the caller is through with (all but the last one {@link #next} gave). */
  long bytesDone() {
    return done.get();
  }

  /** The number of the line last read, from 1. */
  long number() {
    return number;
  }

  int z() {
    return z;
  }

  int x() {
    return x;
  }

  int y() {
    return y;
  }

  /** The last bad line (at most {@value #MAX_LINE} characters of it). */
  String bad() {
    return bad;
  }

  /** Why the last bad line is bad, for the verbose report: the field out of range, when that is it. */
  String why() {
    if (badTooLong) {
      return "longer than " + MAX_LINE + " characters";
    }
    boolean expire = format == Format.EXPIRE_LIST;
    String[] fields = expire ? bad.split("/", -1) : bad.trim().split("\\s+");
    if (fields.length != 3) {
      return "not " + format.pattern;
    }
    String z = fields[expire ? 0 : 2].trim();
    String x = fields[expire ? 1 : 0].trim();
    String y = fields[expire ? 2 : 1].trim();
    for (String[] field : new String[][] {{"zoom", z}, {"x", x}, {"y", y}}) {
      if (!field[1].matches("0|[1-9][0-9]*")) {
        return field[0] + " '" + field[1] + "' is not a decimal without sign or leading zeros";
      }
    }
    if (z.length() > 2 || Integer.parseInt(z) > TileCoord.MAX_ZOOM) {
      return "zoom " + z + " above " + TileCoord.MAX_ZOOM;
    }
    int max = TileCoord.tilesPerAxis(Integer.parseInt(z)) - 1;
    for (String[] field : new String[][] {{"x", x}, {"y", y}}) {
      if (field[1].length() > 7 || Integer.parseInt(field[1]) > max) {
        return field[0] + " " + field[1] + " outside 0.." + max + " at zoom " + z;
      }
    }
    return "not " + format.pattern;
  }
}
