package org.jtile.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;

/**
 * A renderd that does what a test scripts, on a Unix socket, without rendering: for each message it
 * answers Done or NotDone, answers for another tile, answers garbage, says nothing, or drops the
 * connection. It reads whatever has arrived and answers all of it in one write, so it keeps up with
 * pipelining clients and serial ones alike, and it records what it was sent. For the clients' handling
 * of renderd (the tools, the frontend) and for benchmarks of those clients; the real daemons are what the
 * other tests run.
 *
 * <p>{@code FakeRenderd SOCKET} runs one until killed that answers every render Done, printing a line
 * per connection accepted and ended (with the renders it answered): one instance serves a whole benchmark
 * and still counts each run's requests, keeping no messages.
 *
 * <p>Threads: {@code fake-renderd} accepts; one {@code fake-renderd-N} thread per connection reads and
 * answers (tests open few). {@link #close} ends them all.
 */
public final class FakeRenderd implements AutoCloseable {
  /** What to do with one message. */
  public enum Answer { DONE, NOT_DONE, NOTHING, OTHER_TILE, GARBAGE, DROP }

  /** The answer to {@code message}, the n-th connection's (0 for the first accepted). */
  @FunctionalInterface
  public interface Script {
    Answer answer(int connection, RenderMessage message);
  }

  /** Done to every render request, NotDone to anything else (jtile's QueueDepth, Dirty, OnBehalfOf). */
  public static final Script RENDERS_DONE = (connection, m) -> isRender(m.command()) ? Answer.DONE : Answer.NOT_DONE;

  private final Path socket;
  private final ServerSocketChannel listener;
  private final Script script;
  private final Duration pause;
  /** Where connections are announced (the benchmark's mode), or null. */
  private final PrintStream log;
  /** Whether messages are kept for {@link #received} and {@link #answeredDone}: not in a long benchmark. */
  private final boolean recording;
  private final Queue<RenderMessage> received = new ConcurrentLinkedQueue<>();
  private final Queue<RenderMessage> answeredDone = new ConcurrentLinkedQueue<>();
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger largestBatch = new AtomicInteger();
  private final Thread acceptor;

  private FakeRenderd(Path socket, Script script, Duration pause, PrintStream log) {
    this.socket = socket;
    this.script = script;
    this.pause = pause;
    this.log = log;
    this.recording = log == null;
    try {
      Files.deleteIfExists(socket);
      listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      listener.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + socket, e);
    }
    acceptor = new Thread(this::accept, "fake-renderd");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on {@code socket}, answering each message as {@code script} says. */
  public static FakeRenderd start(Path socket, Script script) {
    return new FakeRenderd(socket, script, Duration.ZERO, null);
  }

  /**
   * Like {@link #start}, waiting {@code pause} after each read before answering, as a busy renderd does:
   * a pipelining client's requests pile up meanwhile, up to its window.
   */
  public static FakeRenderd pausing(Path socket, Script script, Duration pause) {
    return new FakeRenderd(socket, script, pause, null);
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: FakeRenderd SOCKET");
      System.exit(2);
    }
    try (FakeRenderd renderd = new FakeRenderd(Path.of(args[0]), RENDERS_DONE, Duration.ZERO, System.err)) {
      renderd.acceptor.join();
    }
  }

  public Path socket() {
    return socket;
  }

  /** Every message received so far, in order of arrival on each connection. */
  public List<RenderMessage> received() {
    return new ArrayList<>(received);
  }

  /** The requests answered Done so far; a request answered twice is here twice. */
  public List<RenderMessage> answeredDone() {
    return new ArrayList<>(answeredDone);
  }

  /** The most requests read in one go: how deep a client pipelines. */
  public int largestBatch() {
    return largestBatch.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.size();
  }

  private void accept() {
    while (listener.isOpen()) {
      try {
        SocketChannel channel = listener.accept();
        int n = connections.size();
        connections.add(channel);
        say("connection " + n + " accepted");
        Thread t = new Thread(() -> serve(n, channel), "fake-renderd-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(int connection, SocketChannel socket) {
    long done = 0;
    try (RenderdChannel channel = RenderdChannel.of(socket, RenderdChannel.DEFAULT_BUFFER)) {
      while (channel.fill() >= 0) {
        if (!pause.isZero()) {
          Thread.sleep(pause.toMillis());
        }
        int batch = 0;
        for (Optional<RenderMessage> next; (next = channel.buffered()).isPresent(); batch++) {
          RenderMessage m = next.get();
          if (recording) {
            received.add(m);
          }
          Answer answer = script.answer(connection, m);
          switch (answer) {
            case DONE -> {
              if (recording) {
                answeredDone.add(m);
              }
              done++;
              channel.queue(m.reply(Command.DONE));
            }
            case NOT_DONE -> channel.queue(m.reply(Command.NOT_DONE));
            case OTHER_TILE -> channel.queue(new RenderMessage(m.version(), Command.DONE, m.x() + 8, m.y(), m.z(),
                m.style(), m.mimetype(), m.options()));
            case GARBAGE -> {
              channel.flush();
              socket.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}));
            }
            case DROP -> {
              channel.flush();
              return;
            }
            case NOTHING -> { }
          }
        }
        largestBatch.accumulateAndGet(batch, Math::max);
        channel.flush();
      }
    } catch (IOException e) {
      // the client went away, or close() ended it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      say("connection " + connection + " ended: answered Done " + done);
    }
  }

  private void say(String line) {
    if (log != null) {
      log.println("fake-renderd: " + line);
    }
  }

  private static boolean isRender(Command c) {
    return c == Command.RENDER || c == Command.RENDER_PRIO || c == Command.RENDER_LOW || c == Command.RENDER_BULK;
  }

  @Override
  public void close() {
    try {
      listener.close();
      for (SocketChannel c : connections) {
        c.close();
      }
      Files.deleteIfExists(socket);
      acceptor.join(5000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
