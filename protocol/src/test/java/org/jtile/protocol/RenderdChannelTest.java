package org.jtile.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Framing over a real Unix socket: batches, messages split across reads, ends inside and between messages. */
@Timeout(30)
class RenderdChannelTest {
  @TempDir Path dir;
  private ServerSocketChannel listener;
  private UnixDomainSocketAddress address;

  @BeforeEach
  void listen() throws IOException {
    address = UnixDomainSocketAddress.of(dir.resolve("r.sock"));
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(address);
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
  }

  private static RenderMessage request(int i) {
    return RenderMessage.request(Command.RENDER_BULK, "default", 18, 8 * i, 0);
  }

  @Test
  void aQueuedBatch_isReadInOrder_acrossMoreThanOneBuffer() throws Exception {
    try (RenderdChannel client = RenderdChannel.connect(address, Duration.ofSeconds(5));
         RenderdChannel server = RenderdChannel.of(listener.accept(), RenderdChannel.DEFAULT_BUFFER)) {
      for (int i = 0; i < 500; i++) { // several buffers' worth: queue flushes a full one itself
        client.queue(request(i));
      }
      assertThat(client.flush()).isTrue();
      List<RenderMessage> received = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        received.add(server.receive().orElseThrow());
      }
      assertThat(received).extracting(RenderMessage::x).containsExactly(
          java.util.stream.IntStream.range(0, 500).map(i -> 8 * i).boxed().toArray(Integer[]::new));
      assertThat(server.hasBuffered()).isFalse();
    }
  }

  @Test
  void aMessageSplitAcrossWrites_isReceivedWhole() throws Exception {
    try (SocketChannel raw = SocketChannel.open(address);
         RenderdChannel server = RenderdChannel.of(listener.accept(), 2 * ProtocolVersion.MAX_LENGTH)) {
      byte[] bytes = MessageCodec.encode(request(1));
      raw.write(ByteBuffer.wrap(bytes, 0, 3));
      assertThat(server.fill()).isEqualTo(3);
      assertThat(server.buffered()).isEmpty();
      assertThat(server.insideMessage()).isTrue();
      raw.write(ByteBuffer.wrap(bytes, 3, bytes.length - 3));
      assertThat(server.receive()).contains(request(1));
    }
  }

  @Test
  void thePeerClosing_betweenMessagesIsEmpty_insideOneIsAnError() throws Exception {
    try (SocketChannel raw = SocketChannel.open(address);
         RenderdChannel server = RenderdChannel.of(listener.accept(), RenderdChannel.DEFAULT_BUFFER)) {
      raw.write(ByteBuffer.wrap(MessageCodec.encode(request(1))));
      raw.shutdownOutput();
      assertThat(server.receive()).contains(request(1));
      assertThat(server.receive()).isEmpty();
    }
    try (SocketChannel raw = SocketChannel.open(address);
         RenderdChannel server = RenderdChannel.of(listener.accept(), RenderdChannel.DEFAULT_BUFFER)) {
      raw.write(ByteBuffer.wrap(MessageCodec.encode(request(1)), 0, 30));
      raw.shutdownOutput();
      assertThatThrownBy(server::receive).isInstanceOf(TruncatedMessageException.class)
          .hasMessageContaining("after 30 of 64");
    }
  }

  @Test
  void aNonBlockingFlush_saysWhenTheSocketTookEverything() throws Exception {
    try (SocketChannel socket = RenderdChannel.open(address)) {
      socket.connect(address);
      SocketChannel accepted = listener.accept();
      socket.configureBlocking(false);
      RenderdChannel client = RenderdChannel.of(socket, RenderdChannel.DEFAULT_BUFFER);
      boolean all = true;
      int queued = 0;
      while (all && queued < 100_000) { // nobody reads: the socket's buffer fills
        client.queue(request(queued++));
        all = client.flush();
      }
      assertThat(all).as("a socket nobody reads takes everything").isFalse();
      assertThatThrownBy(() -> {
        for (int i = 0; i < 1000; i++) {
          client.queue(request(i));
        }
      }).isInstanceOf(IOException.class).hasMessageContaining("takes no more messages");
      accepted.close();
    }
  }

  @Test
  void nothingListening_connectFails_andABufferTooSmallForAMessageIsRefused() throws Exception {
    listener.close();
    assertThatThrownBy(() -> RenderdChannel.connect(UnixDomainSocketAddress.of(dir.resolve("none.sock")),
        Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RenderdChannel.of(SocketChannel.open(), 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no message");
  }
}
