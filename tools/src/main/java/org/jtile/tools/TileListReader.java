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
  /** What {@link #decimal} returns for a field that is not a decimal, and for one above the maximum. */
  private static final int NOT_DECIMAL = -1;
  private static final int ABOVE_MAX = -2;

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
  /** Why the last bad line is bad; set only for bad lines, where its fields are read. */
  private String why;
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

  /** Reads the line's tile into z, x and y; false, with {@link #why} set, when it holds none. */
  private boolean parse(int start, int end) {
    boolean expire = format == Format.EXPIRE_LIST;
    if (!(expire ? slashFields(start, end) : blankFields(start, end))) {
      why = "not " + format.pattern;
      return false;
    }
    int zAt = expire ? 0 : 4;
    int xAt = expire ? 2 : 0;
    z = field("zoom", zAt, TileCoord.MAX_ZOOM, -1);
    if (z < 0) {
      return false;
    }
    int max = TileCoord.tilesPerAxis(z) - 1;
    x = field("x", xAt, max, z);
    y = x < 0 ? -1 : field("y", xAt + 2, max, z);
    return y >= 0;
  }

  /**
   * The decimal field whose bounds start at {@code fields[at]}, at most {@code max} (at {@code zoom}, -1 for
   * the zoom itself); else -1, with {@link #why} saying what is wrong with it.
   */
  private int field(String name, int at, int max, int zoom) {
    int value = decimal(fields[at], fields[at + 1], max);
    if (value == NOT_DECIMAL) {
      why = name + " '" + text(at) + "' is not a decimal without sign or leading zeros";
    } else if (value == ABOVE_MAX) {
      why = zoom < 0 ? name + " " + text(at) + " above " + max
          : name + " " + text(at) + " outside 0.." + max + " at zoom " + zoom;
    }
    return Math.max(value, -1);
  }

  /** The text of the field whose bounds start at {@code fields[at]}, without surrounding blanks. */
  private String text(int at) {
    return new String(buffer, fields[at], fields[at + 1] - fields[at], StandardCharsets.US_ASCII).trim();
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

  /** The decimal in {@code [from, to)} without surrounding blanks; NOT_DECIMAL if it is not one, ABOVE_MAX. */
  private int decimal(int from, int to, int max) {
    while (from < to && blank(buffer[from])) {
      from++;
    }
    while (to > from && blank(buffer[to - 1])) {
      to--;
    }
    int length = to - from;
    if (length == 0 || (length > 1 && buffer[from] == '0')) {
      return NOT_DECIMAL;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = buffer[i] - '0';
      if (digit < 0 || digit > 9) {
        return NOT_DECIMAL;
      }
      value = Math.min(value * 10 + digit, Integer.MAX_VALUE + 1L); // a long run of digits stays above max
    }
    return value <= max ? (int) value : ABOVE_MAX;
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
    return badTooLong ? "longer than " + MAX_LINE + " characters" : why;
  }
}
