package org.jtile.frontend.warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Many clients connecting in the same instant, as a map page opened by a crowd or a crawler's burst:
 * every connection is opened before the first is served, each sends one request and reads the response
 * to the server's close. On one thread with one selector, so the client costs the server little CPU.
 */
public final class ConnectionBurst {
  /**
   * What became of the burst.
   *
   * @param micros each answered request's time from its first byte sent to the server's close, sorted
   */
  public record Result(int ok, List<String> errors, long[] micros) {
    /** The {@code p}th percentile of {@link #micros}, -1 if none was answered. */
    public long percentile(int p) {
      return micros.length == 0 ? -1 : micros[Math.min(micros.length - 1, micros.length * p / 100)];
    }
  }

  private static final class Client {
    /** When the request started to leave: opening a thousand channels on one thread is no server's time. */
    long start;
    final ByteBuffer request;
    /** The status line's start: the rest of the response is read and dropped. */
    final ByteBuffer head = ByteBuffer.allocate(12);

    Client(String path) {
      request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
    }
  }

  private ConnectionBurst() {}

  /**
   * @param path the request of connection {@code i}
   * @param timeoutMillis a connection not answered by then is an error
   */
  public static Result run(int port, int connections, IntFunction<String> path, long timeoutMillis) throws IOException {
    List<String> errors = new ArrayList<>();
    List<Long> micros = new ArrayList<>();
    int ok = 0;
    ByteBuffer drain = ByteBuffer.allocate(64 * 1024);
    try (Selector selector = Selector.open()) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      for (int i = 0; i < connections; i++) {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        Client client = new Client(path.apply(i));
        channel.register(selector, channel.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, client);
      }
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
      // a closed channel's key leaves keys() only at the next select: count answers instead
      while (ok + errors.size() < connections && System.nanoTime() < deadline) {
        selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          Client client = (Client) key.attachment();
          try {
            if (key.isConnectable() && channel.finishConnect()) {
              key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
              if (client.start == 0) {
                client.start = System.nanoTime();
              }
              channel.write(client.request);
              if (!client.request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
            } else if (key.isReadable() && read(channel, client.head, drain) < 0) {
              String head = new String(client.head.array(), 0, client.head.position(), StandardCharsets.US_ASCII);
              if (head.equals("HTTP/1.1 200")) {
                ok++;
                micros.add((System.nanoTime() - client.start) / 1000);
              } else {
                errors.add("answered '" + head + "'");
              }
              channel.close();
            }
          } catch (IOException e) {
            errors.add(e.toString());
            channel.close();
          }
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey key : selector.keys()) {
        if (!key.isValid()) {
          continue;
        }
        errors.add("no answer within " + timeoutMillis + " ms");
        key.channel().close();
      }
    }
    return new Result(ok, errors, micros.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  /** Reads what is there: into {@code head} until it is full, the rest into {@code drain}. */
  private static int read(SocketChannel channel, ByteBuffer head, ByteBuffer drain) throws IOException {
    if (head.hasRemaining()) {
      return channel.read(head);
    }
    drain.clear();
    return channel.read(drain);
  }
}
