package org.jtile.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One connection that speaks renderd's protocol, to renderd or from it: a Unix or TCP socket, framed
 * requests written in batches, framed answers read in whatever batches the peer wrote them. The policies
 * sit on top: the frontend's one-shot exchanges (non-blocking, on its selector), the tools' pipelining
 * submitter and load probe (blocking), the test and benchmark fake renderd (the accepting side).
 *
 * <p>Messages are queued into an output buffer and {@link #flush}ed together, so a pipeline's worth of
 * requests costs the peer one read, not one each. Blocking or not is the socket's mode: a flush of a
 * non-blocking channel writes what the socket takes and says whether it took everything.
 *
 * <p>Threads: one thread may queue and flush while another receives (the tools pipeline so); each side
 * is confined to its thread. {@link #close} may be called from any thread and ends a blocked read,
 * write or connect.
 */
public final class RenderdChannel implements Closeable {
  /** Room for a pipeline's batch of requests or answers: 56 v3 messages. */
  public static final int DEFAULT_BUFFER = 1 << 13;

  private final SocketChannel channel;
  /** Read mode: what was read and not decoded yet. Receiving thread only. */
  private final ByteBuffer in;
  /** Write mode: what was queued and not written yet. Sending thread only. */
  private final ByteBuffer out;

  private RenderdChannel(SocketChannel channel, int buffer) {
    this.channel = channel;
    this.in = ByteBuffer.allocate(buffer).flip();
    this.out = ByteBuffer.allocate(buffer);
  }

  /** An accepted connection, or one its owner connects (see {@link #open}). */
  public static RenderdChannel of(SocketChannel channel, int buffer) {
    if (buffer < ProtocolVersion.MAX_LENGTH) {
      throw new IllegalArgumentException("a buffer of " + buffer + " bytes holds no message");
    }
    return new RenderdChannel(channel, buffer);
  }

  /**
   * An unconnected socket of the family {@code address} needs (Unix or TCP), for a caller that connects
   * it itself, e.g. without blocking on a selector.
   */
  public static SocketChannel open(SocketAddress address) throws IOException {
    return address instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
  }

  /**
   * Connects to {@code address} in blocking mode, waiting at most {@code timeout}: a silent TCP peer ends
   * there, the socket closed by the deadline thread.
   */
  public static RenderdChannel connect(SocketAddress address, Duration timeout) throws IOException {
    SocketChannel channel = open(address);
    ScheduledFuture<?> deadline = Deadlines.TIMER.schedule(() -> quietlyClose(channel), timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    try {
      channel.connect(RenderdAddress.resolved(address));
      return new RenderdChannel(channel, DEFAULT_BUFFER);
    } catch (IOException e) {
      quietlyClose(channel);
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  /**
   * One request and its answer on a connection of its own, all within {@code timeout}: empty when the peer
   * closed the connection without answering.
   *
   * @throws IOException renderd cannot be reached, or did not answer in time (the connection was closed)
   */
  public static Optional<RenderMessage> ask(SocketAddress address, RenderMessage request, Duration timeout)
      throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    try (RenderdChannel c = connect(address, timeout)) {
      ScheduledFuture<?> deadline = Deadlines.TIMER.schedule(c::close, end - System.nanoTime(),
          TimeUnit.NANOSECONDS);
      try {
        c.send(request);
        return c.receive();
      } finally {
        deadline.cancel(false);
      }
    }
  }

  /** The socket, for a selector to watch or to finish a connect. */
  public SocketChannel socket() {
    return channel;
  }

  /**
   * Adds {@code message} to what {@link #flush} writes in one go. A full buffer is flushed first; on a
   * non-blocking socket that does not take it all, the message is refused with an exception.
   */
  public void queue(RenderMessage message) throws IOException {
    if (out.remaining() < ProtocolVersion.MAX_LENGTH && !flush()) {
      throw new IOException("the peer takes no more messages: " + out.position() + " bytes unwritten");
    }
    MessageCodec.encode(message, out);
  }

  /** Writes what is queued; returns whether all of it was written (always, on a blocking socket). */
  public boolean flush() throws IOException {
    out.flip();
    try {
      while (out.hasRemaining() && channel.write(out) > 0) {
        // a blocking write takes all; a non-blocking one stops when the socket's buffer is full
      }
      return !out.hasRemaining();
    } finally {
      out.compact();
    }
  }

  public void send(RenderMessage message) throws IOException {
    queue(message);
    flush();
  }

  /** Whether a whole message has been read already, so {@link #buffered} returns it without reading. */
  public boolean hasBuffered() throws IOException {
    int length = MessageCodec.frameLength(in);
    return length > 0 && in.remaining() >= length;
  }

  /** The next message already read, if a whole one was; never reads the socket. */
  public Optional<RenderMessage> buffered() throws IOException {
    return hasBuffered() ? Optional.of(MessageCodec.decode(in)) : Optional.empty();
  }

  /**
   * Reads once, what the socket has (on a blocking socket: waits for something). Returns the bytes read,
   * or -1 when the peer closed the connection.
   */
  public int fill() throws IOException {
    in.compact();
    try {
      return channel.read(in);
    } finally {
      in.flip();
    }
  }

  /** Whether part of a message was read and its rest has not come. */
  public boolean insideMessage() {
    return in.hasRemaining();
  }

  /**
   * The next message, reading until a whole one has come (blocking sockets); empty when the peer closed
   * the connection between messages.
   */
  public Optional<RenderMessage> receive() throws IOException {
    while (true) {
      Optional<RenderMessage> message = buffered();
      if (message.isPresent()) {
        return message;
      }
      if (fill() < 0) {
        if (insideMessage()) {
          throw new TruncatedMessageException(in.remaining(), Math.max(4, MessageCodec.frameLength(in)));
        }
        return Optional.empty();
      }
    }
  }

  private static void quietlyClose(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // ending a wait or a connection that ended; nothing to report
    }
  }

  @Override
  public void close() {
    quietlyClose(channel);
  }

  /** Closes blocked sockets at their deadlines: one daemon thread, started when first needed. */
  private static final class Deadlines {
    static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "renderd-channel-deadlines");
      t.setDaemon(true);
      return t;
    });

    static {
      TIMER.setRemoveOnCancelPolicy(true);
    }
  }
}
