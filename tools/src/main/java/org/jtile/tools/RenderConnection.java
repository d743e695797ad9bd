package org.jtile.tools;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;

/**
 * One blocking connection to renderd. Requests may be pipelined: {@link #send} and {@link #receive} are
 * used from different threads (one sender at a time, one receiver). Replies are read in whatever
 * batches renderd wrote them, so a busy pipeline costs a read per batch, not per message.
 *
 * <p>A blocked read or connect is ended by {@link #close} from any thread.
 */
final class RenderConnection implements Closeable {
  private final SocketChannel channel;
  /** Confined to the receiving thread. */
  private final ByteBuffer in = ByteBuffer.allocate(1 << 13).flip();
  /** Requests not written yet; confined to the sending thread (callers serialise sends). */
  private final ByteBuffer out = ByteBuffer.allocate(1 << 13);

  private RenderConnection(SocketChannel channel) {
    this.channel = channel;
  }

  /** Connects to {@code address}, waiting at most {@code timeout} (a silent TCP peer ends there). */
  static RenderConnection open(SocketAddress address, Duration timeout, ScheduledExecutorService timer)
      throws IOException {
    SocketChannel channel = address instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    ScheduledFuture<?> deadline = timer.schedule(() -> quietlyClose(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      channel.connect(RenderdAddress.resolved(address));
      return new RenderConnection(channel);
    } catch (IOException e) {
      quietlyClose(channel);
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  void send(RenderMessage message) throws IOException {
    queue(message);
    flush();
  }

  /**
   * Adds {@code message} to the requests {@link #flush} writes in one go: a pipeline's worth of requests
   * costs renderd one read and the tool one write, not one each.
   */
  void queue(RenderMessage message) throws IOException {
    if (out.remaining() < ProtocolVersion.MAX_LENGTH) {
      flush();
    }
    MessageCodec.encode(message, out);
  }

  void flush() throws IOException {
    out.flip();
    try {
      while (out.hasRemaining()) {
        channel.write(out);
      }
    } finally {
      out.clear();
    }
  }

  /** Whether a whole message has been read already, so {@link #receive} returns without reading. */
  boolean hasBuffered() throws IOException {
    int length = MessageCodec.frameLength(in);
    return length > 0 && in.remaining() >= length;
  }

  /** The next message renderd sent; empty when it closed the connection between messages. */
  Optional<RenderMessage> receive() throws IOException {
    while (true) {
      if (hasBuffered()) {
        return Optional.of(MessageCodec.decode(in));
      }
      in.compact();
      int read = channel.read(in);
      in.flip();
      if (read < 0) {
        if (in.hasRemaining()) {
          throw new IOException("renderd closed the connection inside a message");
        }
        return Optional.empty();
      }
    }
  }

  private static void quietlyClose(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // ending a wait
    }
  }

  @Override
  public void close() {
    quietlyClose(channel);
  }
}
