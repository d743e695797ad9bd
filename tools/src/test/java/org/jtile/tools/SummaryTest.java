package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.protocol.Command;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private final AtomicLong now = new AtomicLong();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ByteArrayOutputStream warned = new ByteArrayOutputStream();
  private final Summary summary = new Summary(new PrintStream(printed, true, StandardCharsets.UTF_8),
      new PrintStream(warned, true, StandardCharsets.UTF_8), now::get);

  private void answer(int count) {
    for (int i = 0; i < count; i++) {
      summary.requested.increment();
      summary.answered(10, Command.DONE, 1);
    }
  }

  @Test
  void aKnownExtent_givesTheBar_theShareDone_andTheEta() {
    AtomicLong walked = new AtomicLong(500);
    summary.extent(1000, walked::get);
    answer(80);
    summary.requested.add(20); // in flight: walked, not yet done
    now.set(TimeUnit.SECONDS.toNanos(10));
    // half walked, four fifths of that answered: 40 % in 10 s, so 15 s to go
    assertThat(summary.progress("render-list", true))
        .isEqualTo("render-list [########------------]  40%  ETA 0:15  80/100 answered (8/s)");
    assertThat(summary.progress("render-list", false))
        .isEqualTo("render-list: 40% (ETA 0:15), 80/100 answered (8/s)");
  }

  @Test
  void anUnknownExtent_givesCountsOnly() {
    summary.reading(0, () -> 123);
    summary.lines.add(4567);
    answer(3);
    now.set(TimeUnit.SECONDS.toNanos(2));
    assertThat(summary.progress("render-expired", true)).isEqualTo("render-expired  4567 lines  3/3 answered (2/s)");
    assertThat(summary.progress("render-expired", false)).isEqualTo("render-expired: 4567 lines, 3/3 answered (2/s)");
  }

  @Test
  void touching_countsTouchesAndDeletes_andTheInputsShare() {
    summary.reading(4000, () -> 1000);
    summary.lines.add(100);
    summary.touched.add(70);
    summary.deleted.add(5);
    now.set(TimeUnit.SECONDS.toNanos(3600));
    assertThat(summary.progress("render-expired", false))
        .isEqualTo("render-expired: 25% (ETA 3:00:00), 100 lines, 70 touched, 5 deleted");
  }

  @Test
  void theSummary_namesLinesOnlyForARunThatReadsAList() {
    summary.print("render-list", false);
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("lines");
    summary.reading(0, () -> 0);
    summary.print("render-list", false);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Total lines read: 0 (0 bad)");
  }

  @Test
  void theSummary_isModTilesTable_toTheCharacter() {
    summary.requested.add(3);
    summary.answered(12, Command.DONE, 250_000_000);
    summary.answered(12, Command.DONE, 1_500_000_000);
    summary.answered(12, Command.NOT_DONE, 50_000_000);
    now.set(2_500_000_000L);
    summary.print("render-list", false);
    assertThat(printed.toString(StandardCharsets.UTF_8).split(System.lineSeparator())).containsExactly(
        "",
        "Total metatiles requested: 3, done: 2, not done: 1, skipped: 0",
        "\t3 in 2.50 seconds (1.20/s)",
        "Zoom 12: min:  0.1    avg:  0.6     max:  1.5     over a total of      1.8s in 3 requests");
  }

  /** What C's printf writes for the same formats (checked against glibc), where Java's Formatter rounds 2.675 up. */
  @Test
  void numbers_asCsPrintfWritesThem() {
    assertThat(Summary.fixed(0.125, 2, 0)).isEqualTo("0.12"); // an exact tie: to even
    assertThat(Summary.fixed(0.375, 2, 0)).isEqualTo("0.38");
    assertThat(Summary.fixed(2.675, 2, 0)).isEqualTo("2.67"); // 2.67499999... in binary
    assertThat(Summary.fixed(0.05, 1, 0)).isEqualTo("0.1"); // 0.05000000000000000277...
    assertThat(Summary.fixed(1e-3, 2, 0)).isEqualTo("0.00");
    assertThat(Summary.fixed(2.5, 0, 0)).isEqualTo("2");
    assertThat(Summary.fixed(3.14159, 1, 4)).isEqualTo(" 3.1");
    assertThat(Summary.fixed(12345.6, 1, 4)).isEqualTo("12345.6");
    assertThat(Summary.fixed(Double.POSITIVE_INFINITY, 2, 0)).isEqualTo("inf");
    assertThat(Summary.fixed(Double.NaN, 2, 0)).isEqualTo("nan");
  }

  /**
   * On a terminal stdout and stderr share one screen: what the run says goes on a line of its own, where
   * the bar was, not after it; the bar comes back at the next report, and the run's end erases it.
   */
  @Test
  void aMessage_erasesTheBar_toStandOnALineOfItsOwn() {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    Summary onTerminal = new Summary(terminal, terminal, now::get);
    onTerminal.showBar("bar 1");
    onTerminal.warn("render-list: bad line 7: not z/x/y: x");
    onTerminal.reconnecting(InetSocketAddress.createUnresolved("renderd", 7654), "refused", 1500);
    onTerminal.showBar("bar 2");
    onTerminal.showBar("bar 3");
    onTerminal.eraseBar();
    onTerminal.eraseBar(); // nothing left to erase
    onTerminal.showLine("render-list: 3 lines");
    assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("\r\033[Kbar 1\r\033[K"
        + "render-list: bad line 7: not z/x/y: x\n"
        + "renderd at renderd:7654: refused; reconnecting in 1.5 s\n"
        + "\r\033[Kbar 2\r\033[Kbar 3\r\033[K"
        + "render-list: 3 lines\n");
  }

  @Test
  void theInputsFaults_goToStandardError_theRenderdNotes_toStandardOutput() {
    summary.warn("render-old: cannot read /x, skipped: denied");
    summary.waitingForLoad("renderd's queue 900, --max-load 500");
    assertThat(warned.toString(StandardCharsets.UTF_8)).isEqualTo("render-old: cannot read /x, skipped: denied\n");
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("waiting: renderd's queue 900, --max-load 500\n");
  }
}
