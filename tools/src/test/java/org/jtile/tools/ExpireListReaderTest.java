package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpireListReaderTest {
  /** Each line as "z/x/y" or "bad N: text", by reading {@code input} with reads of at most {@code chunk} bytes. */
  private static List<String> read(String input, int chunk) throws IOException {
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    InputStream trickle = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
    ExpireListReader in = new ExpireListReader(trickle);
    List<String> lines = new ArrayList<>();
    for (ExpireListReader.Line line; (line = in.next()) != ExpireListReader.Line.END; ) {
      lines.add(line == ExpireListReader.Line.TILE ? in.z() + "/" + in.x() + "/" + in.y()
          : "bad " + in.number() + ": " + in.bad());
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
    assertThat(read(input, 7)).containsExactly("bad 1: ", "bad 2: 1/2/0", "bad 3: 3/8/0", "bad 4: 21/0/0",
        "bad 5: x/1/1", "bad 6: 1/1", "bad 7: 1/1/1/1", "bad 8: 01/0/0", "bad 9: -1/0/0",
        "bad 10: 1/0/99999999999", "2/1/1");
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
    assertThat(lines.get(1)).startsWith("bad 2: 999").hasSizeLessThan(1100);
    assertThat(lines.get(2)).isEqualTo("2/3/3");
  }

  @Test
  void binaryGarbage_isBadLines_notACrash() throws IOException {
    byte[] garbage = new byte[5000];
    new java.util.Random(7).nextBytes(garbage);
    ExpireListReader in = new ExpireListReader(new ByteArrayInputStream(garbage));
    int lines = 0;
    for (ExpireListReader.Line line; (line = in.next()) != ExpireListReader.Line.END; lines++) {
      assertThat(line).isEqualTo(ExpireListReader.Line.BAD);
    }
    assertThat(lines).isPositive();
  }
}
