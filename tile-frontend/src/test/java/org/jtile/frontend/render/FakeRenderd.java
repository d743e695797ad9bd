package org.jtile.frontend.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.RenderMessage;

/**
 * A renderd that does what a test scripts, on a Unix socket: for each message it receives it answers
 * Done or NotDone, answers for another tile, answers garbage, says nothing, or drops the connection. It
 * records every message, so a test can see what a client sent. For the clients' handling of a renderd
 * that misbehaves; the real daemons are what the other tests run. (Not in {@code testing}: that module
 * cannot depend on {@code protocol}, whose tests depend on it.)
 *
 * <p>Threads: {@code fake-renderd} accepts; one {@code fake-renderd-connection} thread per connection
 * reads and answers (tests open few). {@link #close} ends them all.
 */
final class FakeRenderd implements AutoCloseable {
  /** What to do with one message. */
  public enum Answer { DONE, NOT_DONE, NOTHING, OTHER_TILE, GARBAGE, DROP }

  private final Path socket;
  private final ServerSocketChannel listener;
  private final Function<RenderMessage, Answer> script;
  private final List<RenderMessage> received = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** Listens on {@code socket}, answering each message as {@code script} says. */
  public FakeRenderd(Path socket, Function<RenderMessage, Answer> script) {
    this.socket = socket;
    this.script = script;
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

  /** Every message received so far, in order. */
  public List<RenderMessage> received() {
    return new ArrayList<>(received);
  }

  public Path socket() {
    return socket;
  }

  private void accept() {
    while (listener.isOpen()) {
      try {
        SocketChannel channel = listener.accept();
        connections.add(channel);
        Thread t = new Thread(() -> serve(channel), "fake-renderd-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      for (Optional<RenderMessage> m; (m = MessageCodec.read(channel)).isPresent(); ) {
        RenderMessage message = m.get();
        received.add(message);
        switch (script.apply(message)) {
          case DONE -> MessageCodec.write(channel, message.reply(Command.DONE));
          case NOT_DONE -> MessageCodec.write(channel, message.reply(Command.NOT_DONE));
          case OTHER_TILE -> MessageCodec.write(channel, new RenderMessage(message.version(), Command.DONE,
              message.x() + 8, message.y(), message.z(), message.style(), message.mimetype(), message.options()));
          case GARBAGE -> channel.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}));
          case DROP -> {
            return;
          }
          case NOTHING -> { }
        }
      }
    } catch (IOException e) {
      // the client went away, or close() ended it
    }
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
