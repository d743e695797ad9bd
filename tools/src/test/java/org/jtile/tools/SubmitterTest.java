package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.metatile.MetatileCoord;
import org.jtile.protocol.RenderMessage;
import org.jtile.testing.FakeRenderd.Answer;
import org.jtile.testing.FakeRenderd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request window on one pipelined connection, against a fake renderd that answers in batches. */
@Timeout(120) // a lost request would leave finish() waiting for it
class SubmitterTest {
  private static final int PER_THREAD = 3000;

  @TempDir Path dir;

  /** A renderd that reads what has arrived, waits a millisecond (so requests pile up), then answers. */
  private FakeRenderd peer(FakeRenderd.Script script) {
    return FakeRenderd.pausing(dir.resolve("peer.sock"), script, Duration.ofMillis(1));
  }

  private static long duplicates(List<RenderMessage> answered) {
    return answered.size() - answered.stream().distinct().count();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64})
  void twoSubmitters_neverMoreThanTheWindowInFlight_everyRequestAnsweredOnce(int window) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Summary summary = summaryPrintingTo(printed);
    try (FakeRenderd peer = peer(FakeRenderd.RENDERS_DONE);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(peer.socket()), window, Duration.ofSeconds(30),
            1e9, () -> 0, summary)) {
      List<Thread> submitters = new ArrayList<>();
      AtomicInteger failures = new AtomicInteger();
      for (int t = 0; t < 2; t++) {
        int column = t;
        Thread s = new Thread(() -> {
          try {
            for (int i = 0; i < PER_THREAD; i++) {
              submitter.submit("default", new MetatileCoord(18, 8 * (2 * i + column), 8 * i));
            }
          } catch (ToolException | InterruptedException e) {
            failures.incrementAndGet();
          }
        }, "test-submitter-" + t);
        submitters.add(s);
        s.start();
      }
      for (Thread s : submitters) {
        s.join(60_000);
        assertThat(s.isAlive()).as("submitter stuck").isFalse();
      }
      submitter.finish();

      assertThat(failures.get()).isZero();
      assertThat(summary.answeredCount()).isEqualTo(2L * PER_THREAD);
      assertThat(peer.answeredDone()).hasSize(2 * PER_THREAD);
      assertThat(duplicates(peer.answeredDone())).isZero();
      assertThat(peer.largestBatch()).isLessThanOrEqualTo(window);
      if (window > 1) {
        assertThat(peer.largestBatch()).as("requests were pipelined").isGreaterThan(window / 4);
      }
      assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("reconnecting");
    }
  }

  @Test
  void renderdHangsUpOnAFullWindow_everyRequestInFlightIsSentAgain_andAnswered() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Summary summary = summaryPrintingTo(printed);
    int window = 256; // more than one write's worth of requests, sent again in several
    AtomicInteger swallowed = new AtomicInteger();
    // the first connection (the submitter's, accepted before any load probe) takes a full window unanswered
    FakeRenderd.Script hangUp = (connection, m) -> connection > 0 ? FakeRenderd.RENDERS_DONE.answer(connection, m)
        : swallowed.incrementAndGet() < window ? Answer.NOTHING : Answer.DROP;
    try (FakeRenderd peer = peer(hangUp);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(peer.socket()), window, Duration.ofSeconds(30), 1e9,
            () -> 0, summary)) {
      for (int i = 0; i < 1000; i++) {
        submitter.submit("default", new MetatileCoord(18, 8 * i, 0));
      }
      submitter.finish();
      assertThat(summary.answeredCount()).isEqualTo(1000);
      assertThat(peer.answeredDone()).hasSize(1000);
      assertThat(duplicates(peer.answeredDone())).isZero();
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("renderd closed the connection; reconnecting");
    }
  }

  @Test
  void nothingSubmitted_finishReturnsAtOnce() throws Exception {
    Summary summary = summaryPrintingTo(new ByteArrayOutputStream());
    try (FakeRenderd peer = peer(FakeRenderd.RENDERS_DONE);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(peer.socket()), 16, Duration.ofSeconds(30), 1e9,
            () -> 0, summary)) {
      submitter.finish();
      assertThat(summary.answeredCount()).isZero();
      assertThat(peer.received()).isEmpty();
    }
  }

  /** A summary printing all it says, on stdout and on stderr, to {@code printed}. */
  private static Summary summaryPrintingTo(ByteArrayOutputStream printed) {
    PrintStream printing = new PrintStream(printed, true, StandardCharsets.UTF_8);
    return new Summary(printing, printing);
  }
}
