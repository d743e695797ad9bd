package org.jtile.renderd.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.queue.Requester;

/**
 * One client connection. The selector thread reads it; any thread may send replies. Sends are
 * written straight away when the socket takes them, else kept (bounded) until the selector reports
 * the socket writable. A client that stops reading its replies is disconnected rather than allowed to
 * grow the daemon's memory.
 */
final class Connection {
  /** Replies kept for a client that does not read them, before it is disconnected. */
  static final int MAX_PENDING_BYTES = 256 * 1024;

  final long id;
  final SocketChannel channel;
  final SelectionKey key;
  /** Bytes read but not yet decoded. Used by the selector thread only. */
  final ByteBuffer in = ByteBuffer.allocate(16 * ProtocolVersion.MAX_LENGTH);
  /**
   * Whom the requests on this connection are for, as the render queue shares between clients: the
   * HTTP client a jtile frontend named in its last {@code OnBehalfOf}, or this connection itself. Used by
   * the selector thread only.
   */
  private Object requester = this;
  private final SocketServer server;
  /** Guarded by this. */
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  /** Guarded by this. */
  private int pendingBytes;
  /** Guarded by this. */
  private boolean closed;

  Connection(long id, SocketChannel channel, SelectionKey key, SocketServer server) {
    this.id = id;
    this.channel = channel;
    this.key = key;
    this.server = server;
  }

  /** The client the next requests are for: see {@link #requester}. */
  Object requester() {
    return requester;
  }

  /** The requests that follow are for {@code client}, as a jtile frontend says with {@code OnBehalfOf}. */
  void onBehalfOf(String client) {
    requester = client.isEmpty() ? this : new Requester(client);
  }

  /** Sends a reply; a no-op once the client is gone (mod_tile drops replies to closed sockets too). */
  void send(RenderMessage reply) {
    ByteBuffer bytes = ByteBuffer.wrap(MessageCodec.encode(reply));
    boolean needSelector;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (pending.isEmpty()) {
        try {
          channel.write(bytes);
        } catch (IOException e) {
          closeQuietly();
          return;
        }
        if (!bytes.hasRemaining()) {
          return;
        }
      }
      if (pendingBytes + bytes.remaining() > MAX_PENDING_BYTES) {
        server.log("connection " + id + " does not read its replies; closing it");
        closeQuietly();
        return;
      }
      pending.addLast(bytes);
      pendingBytes += bytes.remaining();
      needSelector = pending.size() == 1;
    }
    if (needSelector) {
      server.wantWrite(this);
    }
  }

  /** Writes what is pending; true when everything went out. Selector thread. */
  synchronized boolean flush() throws IOException {
    while (!pending.isEmpty()) {
      ByteBuffer head = pending.peekFirst();
      int before = head.remaining();
      channel.write(head);
      pendingBytes -= before - head.remaining();
      if (head.hasRemaining()) {
        return false;
      }
      pending.removeFirst();
    }
    return true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Closes the socket; later sends are dropped. Idempotent, any thread. */
  synchronized void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    pendingBytes = 0;
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a socket whose peer is gone: nothing to report
    }
    server.closed(this);
  }

  @Override
  public String toString() {
    return "connection " + id;
  }
}
