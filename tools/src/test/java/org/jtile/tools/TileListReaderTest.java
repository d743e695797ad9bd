package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TileListReaderTest {
  /** Each line as "z/x/y" or "bad N: text", by reading {@code input} with reads of at most {@code chunk} bytes. */
  private static List<String> read(String input, int chunk) throws IOException {
    return read(input, chunk, TileListReader.Format.EXPIRE_LIST);
  }

  /** As {@link #read(String, int)}, in {@code format}, with why each bad line is bad: "bad N: why: text". */
  private static List<String> read(String input, int chunk, TileListReader.Format format) throws IOException {
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    InputStream trickle = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
    TileListReader in = new TileListReader(trickle, format);
    List<String> lines = new ArrayList<>();
    for (TileListReader.Line line; (line = in.next()) != TileListReader.Line.END; ) {
      lines.add(line == TileListReader.Line.TILE ? in.z() + "/" + in.x() + "/" + in.y()
          : "bad " + in.number() + ": " + in.why() + ": " + in.bad());
    }
    return lines;
  }

  @Test
  void readsTiles_whateverTheReadSizes() throws IOException {
    String input = "15/17000/11000\n 3 / 7 / 0 \r\n0/0/0\n20/1048575/1048575";
    for (int chunk : new int[] {1, 3, 1 << 16}) {
      assertThat(read(input, chunk)).containsExactly("15/17000/11000", "3/7/0", "0/0/0", "20/1048575/1048575");
    }
  }

  @Test
  void badLines_areReportedWithTheirNumbers_andReadingGoesOn() throws IOException {
    String input = String.join("\n", "", "1/2/0", "3/8/0", "21/0/0", "x/1/1", "1/1", "1/1/1/1", "01/0/0",
        "-1/0/0", "1/0/99999999999", "2/1/1") + "\n";
    assertThat(read(input, 7)).containsExactly("bad 1: not z/x/y: ", "bad 2: x 2 outside 0..1 at zoom 1: 1/2/0",
        "bad 3: x 8 outside 0..7 at zoom 3: 3/8/0", "bad 4: zoom 21 above 20: 21/0/0",
        "bad 5: zoom 'x' is not a decimal without sign or leading zeros: x/1/1", "bad 6: not z/x/y: 1/1",
        "bad 7: not z/x/y: 1/1/1/1", "bad 8: zoom '01' is not a decimal without sign or leading zeros: 01/0/0",
        "bad 9: zoom '-1' is not a decimal without sign or leading zeros: -1/0/0",
        "bad 10: y 99999999999 outside 0..1 at zoom 1: 1/0/99999999999", "2/1/1");
  }

  /**
   * Whole lines in the buffer take the one-pass path, lines cut by a read the general one: both must read
   * every line alike, good or bad.
   */
  @Test
  void linesWholeInTheBuffer_readAsLinesCutByReads() throws IOException {
    String[] parts = {"0", "1", "7", "15", "17", "20", "21", "01", "00", "8", "131071", "131072", "1048575",
        "1048576", "99999999999", "", " 3", "4 ", "x", "-1"};
    Random random = new Random(11);
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      input.append(parts[random.nextInt(parts.length)]).append('/').append(parts[random.nextInt(parts.length)]);
      if (random.nextInt(10) > 0) {
        input.append('/').append(parts[random.nextInt(parts.length)]);
      }
      input.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    List<String> cut = read(input.toString(), 1);
    assertThat(cut).hasSize(5000).anyMatch(line -> line.startsWith("bad")).anyMatch(line -> !line.startsWith("bad"));
    assertThat(read(input.toString(), 1 << 16)).isEqualTo(cut);
  }

  @Test
  void aHugeLine_isOneBadLine_cutShort_andTheNextLineStillCounts() throws IOException {
    String huge = "9".repeat(200_000);
    List<String> lines = read("1/0/0\n" + huge + "\n2/3/3\n", 4096);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("1/0/0");
    assertThat(lines.get(1)).startsWith("bad 2: longer than 1024 characters: 999").hasSizeLessThan(1100);
    assertThat(lines.get(2)).isEqualTo("2/3/3");
  }

  @Test
  void binaryGarbage_isBadLines_notACrash() throws IOException {
    byte[] garbage = new byte[5000];
    new Random(7).nextBytes(garbage);
    for (TileListReader.Format format : TileListReader.Format.values()) {
      TileListReader in = new TileListReader(new ByteArrayInputStream(garbage), format);
      int lines = 0;
      for (TileListReader.Line line; (line = in.next()) != TileListReader.Line.END; lines++) {
        assertThat(line).isEqualTo(TileListReader.Line.BAD);
        assertThat(in.why()).isNotEmpty();
      }
      assertThat(lines).isPositive();
    }
  }

  @Test
  void renderListLines_areXYZ_separatedByBlanks() throws IOException {
    String input = "17000 11000 15\n\t7  0\t3 \r\n0 0 0\n1048575 1048575 20";
    for (int chunk : new int[] {1, 3, 1 << 16}) {
      assertThat(read(input, chunk, TileListReader.Format.RENDER_LIST))
          .containsExactly("15/17000/11000", "3/7/0", "0/0/0", "20/1048575/1048575");
    }
    String bad = String.join("\n", "", "1 2", "1 2 3 4", "0 8 3", "0 0 21", "1/0/0", "01 0 1", "0 0 x") + "\n";
    assertThat(read(bad, 5, TileListReader.Format.RENDER_LIST)).containsExactly("bad 1: not X Y Z: ",
        "bad 2: not X Y Z: 1 2", "bad 3: not X Y Z: 1 2 3 4", "bad 4: y 8 outside 0..7 at zoom 3: 0 8 3",
        "bad 5: zoom 21 above 20: 0 0 21", "bad 6: not X Y Z: 1/0/0",
        "bad 7: x '01' is not a decimal without sign or leading zeros: 01 0 1",
        "bad 8: zoom 'x' is not a decimal without sign or leading zeros: 0 0 x");
  }

  @Test
  void aHugeRenderListLine_isOneBadLine_inBoundedMemory() throws IOException {
    // 1 GiB of digits and no newline: render-list's old reader ran out of the tools' 256 MB heap on it
    InputStream endless = new InputStream() {
      long left = 1L << 30;

      @Override
      public int read() {
        return left-- > 0 ? '7' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int n = (int) Math.min(len, left);
        if (n <= 0) {
          return -1;
        }
        Arrays.fill(b, off, off + n, (byte) '7');
        left -= n;
        return n;
      }
    };
    TileListReader in = new TileListReader(endless, TileListReader.Format.RENDER_LIST);
    assertThat(in.next()).isEqualTo(TileListReader.Line.BAD);
    assertThat(in.why()).isEqualTo("longer than 1024 characters");
    assertThat(in.next()).isEqualTo(TileListReader.Line.END);
  }
}
