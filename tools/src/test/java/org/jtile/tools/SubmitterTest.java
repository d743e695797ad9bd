package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.metatile.MetatileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.RenderMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request window on one pipelined connection, against a real socket peer that answers in batches. */
@Timeout(120) // a lost request would leave finish() waiting for it
class SubmitterTest {
  private static final int PER_THREAD = 3000;

  @TempDir Path dir;

  /**
   * A renderd that reads what has arrived, waits a millisecond (so a pipelining client can send more),
   * then answers all of it Done; records the most requests it held unanswered at once.
   */
  private static final class BatchingPeer implements AutoCloseable {
    final ServerSocketChannel server;
    final AtomicInteger maxOutstanding = new AtomicInteger();
    final Set<RenderMessage> received = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    /** Requests the first connection swallows unanswered before it hangs up; 0: it answers like the rest. */
    private final int dropFirstAfter;
    private final AtomicInteger connections = new AtomicInteger();

    BatchingPeer(Path socket) throws IOException {
      this(socket, 0);
    }

    BatchingPeer(Path socket, int dropFirstAfter) throws IOException {
      this.dropFirstAfter = dropFirstAfter;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread accept = new Thread(() -> {
        while (server.isOpen()) {
          try {
            SocketChannel c = server.accept();
            // counted here, in accept order: the submitter's connection is the first, before any load probe
            boolean first = connections.getAndIncrement() == 0;
            Thread t = new Thread(() -> serve(c, first), "batching-peer-connection");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return; // closed at the end of the test
          }
        }
      }, "batching-peer");
      accept.setDaemon(true);
      accept.start();
    }

    private void serve(SocketChannel c, boolean first) {
      ByteBuffer in = ByteBuffer.allocate(1 << 16);
      if (dropFirstAfter > 0 && first) {
        try (c) {
          for (long swallowed = 0; swallowed < dropFirstAfter * 64L && c.read(in.clear()) >= 0; ) {
            swallowed += in.position();
          }
        } catch (IOException e) {
          // hung up on
        }
        return;
      }
      try (c) {
        while (c.read(in) >= 0) {
          Thread.sleep(1);
          in.flip();
          List<RenderMessage> batch = new ArrayList<>();
          for (int n; (n = MessageCodec.frameLength(in)) > 0 && in.remaining() >= n; ) {
            batch.add(MessageCodec.decode(in));
          }
          in.compact();
          maxOutstanding.accumulateAndGet(batch.size(), Math::max);
          ByteBuffer out = ByteBuffer.allocate(batch.size() * 144);
          for (RenderMessage request : batch) {
            boolean render = request.command() == Command.RENDER_BULK;
            if (render && !received.add(request)) {
              duplicates.incrementAndGet();
            }
            MessageCodec.encode(request.reply(render ? Command.DONE : Command.NOT_DONE), out);
          }
          out.flip();
          while (out.hasRemaining()) {
            c.write(out);
          }
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64})
  void twoSubmitters_neverMoreThanTheWindowInFlight_everyRequestAnsweredOnce(int window) throws Exception {
    Path socket = dir.resolve("peer.sock");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Summary summary = summaryPrintingTo(printed);
    try (BatchingPeer peer = new BatchingPeer(socket);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(socket), window, Duration.ofSeconds(30),
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
      assertThat(peer.received).hasSize(2 * PER_THREAD);
      assertThat(peer.duplicates.get()).isZero();
      assertThat(peer.maxOutstanding.get()).isLessThanOrEqualTo(window);
      if (window > 1) {
        assertThat(peer.maxOutstanding.get()).as("requests were pipelined").isGreaterThan(window / 4);
      }
      assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("reconnecting");
    }
  }

  @Test
  void renderdHangsUpOnAFullWindow_everyRequestInFlightIsSentAgain_andAnswered() throws Exception {
    Path socket = dir.resolve("peer.sock");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Summary summary = summaryPrintingTo(printed);
    int window = 256; // more than one write's worth of requests, sent again in several
    try (BatchingPeer peer = new BatchingPeer(socket, window);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(socket), window, Duration.ofSeconds(30), 1e9,
            () -> 0, summary)) {
      for (int i = 0; i < 1000; i++) {
        submitter.submit("default", new MetatileCoord(18, 8 * i, 0));
      }
      submitter.finish();
      assertThat(summary.answeredCount()).isEqualTo(1000);
      assertThat(peer.received).hasSize(1000);
      assertThat(peer.duplicates.get()).isZero();
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("renderd closed the connection; reconnecting");
    }
  }

  @Test
  void nothingSubmitted_finishReturnsAtOnce() throws Exception {
    Path socket = dir.resolve("peer.sock");
    Summary summary = summaryPrintingTo(new ByteArrayOutputStream());
    try (BatchingPeer peer = new BatchingPeer(socket);
        Submitter submitter = new Submitter(UnixDomainSocketAddress.of(socket), 16, Duration.ofSeconds(30), 1e9,
            () -> 0, summary)) {
      submitter.finish();
      assertThat(summary.answeredCount()).isZero();
      assertThat(peer.received).isEmpty();
    }
  }

  /** A summary printing all it says, on stdout and on stderr, to {@code printed}. */
  private static Summary summaryPrintingTo(ByteArrayOutputStream printed) {
    PrintStream printing = new PrintStream(printed, true, StandardCharsets.UTF_8);
    return new Summary(printing, printing);
  }
}
