package org.jtile.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;

/**
 * A renderd that answers every render request Done at once, without rendering, so a benchmark of the
 * render_* tools measures the tools (reading, de-duplicating, stat'ing, talking the protocol), not a
 * renderer. Speaks the wire protocol through jtile's codec; a thread per connection reads whatever has
 * arrived and answers all of it in one write, so it keeps up with pipelining clients and serial ones alike.
 *
 * <p>{@code InstantRenderd SOCKET}: listens until killed. Prints a line when a connection is accepted and,
 * when it ends, one with the number of render requests it answered Done (other requests, e.g. jtile's
 * QueueDepth, get NotDone): one instance serves a whole benchmark, warmed up like a renderd that has run
 * for weeks, and still counts each run's requests.
 */
public final class InstantRenderd {
  private InstantRenderd() {}

  public static void main(String[] args) throws IOException {
    Path socket = Path.of(args[0]);
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    for (int n = 0; ; n++) {
      SocketChannel client = server.accept();
      System.err.println("instant-renderd: connection " + n + " accepted");
      int connection = n;
      Thread t = new Thread(() -> serve(connection, client), "instant-renderd-" + n);
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(int connection, SocketChannel client) {
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    ByteBuffer out = ByteBuffer.allocate(1 << 16);
    long rendered = 0;
    try (client) {
      while (client.read(in) >= 0) {
        in.flip();
        for (int length; (length = MessageCodec.frameLength(in)) > 0 && in.remaining() >= length; ) {
          RenderMessage request = MessageCodec.decode(in);
          Command c = request.command();
          boolean render = c == Command.RENDER || c == Command.RENDER_PRIO || c == Command.RENDER_LOW
              || c == Command.RENDER_BULK;
          Command answer = render ? Command.DONE : Command.NOT_DONE;
          if (out.remaining() < ProtocolVersion.MAX_LENGTH) {
            drain(client, out);
          }
          MessageCodec.encode(request.reply(answer), out);
          if (render) {
            rendered++;
          }
        }
        in.compact();
        drain(client, out);
      }
    } catch (IOException e) {
      System.err.println("instant-renderd: connection " + connection + " failed: " + e.getMessage());
    }
    System.err.println("instant-renderd: connection " + connection + " rendered " + rendered);
  }

  private static void drain(SocketChannel client, ByteBuffer out) throws IOException {
    out.flip();
    while (out.hasRemaining()) {
      client.write(out);
    }
    out.clear();
  }
}
