package org.jtile.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's C {@code render_list} against a listener built on this module: every struct it sends must
 * decode, and the replies we encode must satisfy it.
 */
class RenderListInteropTest {
  @TempDir Path dir;

  @Test
  void renderList_all_z0to4_everyRequestDecodesAndEveryReplyIsAccepted() throws Exception {
    Path renderList = Peers.require("render_list", "renderd");
    Path socket = dir.resolve("renderd.sock");
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    ConcurrentLinkedQueue<RenderMessage> received = new ConcurrentLinkedQueue<>();

    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread acceptor = new Thread(() -> answerDone(server, received), "test-renderd-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();

      ExternalProcess.Result result =
          ExternalProcess.run(
              dir,
              Duration.ofSeconds(60),
              "",
              List.of(renderList.toString(), "-a", "-z", "0", "-Z", "4", "-n", "2", "-m", "default",
                  "-s", socket.toString(), "-t", tiles.toString()));

      assertThat(result.exitCode()).as(result.output()).isZero();
      // render_list steps x and y by 8 over every zoom: 1 request for z0..z3, 4 for z4.
      assertThat(received).hasSize(8);
      assertThat(received)
          .allSatisfy(
              m -> {
                assertThat(m.version()).isEqualTo(ProtocolVersion.V2);
                assertThat(m.command()).isEqualTo(Command.RENDER_BULK);
                assertThat(m.style()).isEqualTo("default");
              });
      assertThat(received.stream().map(m -> m.z() + "/" + m.x() + "/" + m.y()))
          .containsExactlyInAnyOrder(
              "0/0/0", "1/0/0", "2/0/0", "3/0/0", "4/0/0", "4/0/8", "4/8/0", "4/8/8");
      // render_list's summary counts the requests it saw answered.
      assertThat(result.output()).contains("Rendered 8 tiles");
    }
  }

  private static void answerDone(ServerSocketChannel server, ConcurrentLinkedQueue<RenderMessage> received) {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread reader =
            new Thread(
                () -> {
                  try (client) {
                    for (Optional<RenderMessage> m; (m = MessageCodec.read(client)).isPresent(); ) {
                      received.add(m.get());
                      MessageCodec.write(client, m.get().reply(Command.DONE));
                    }
                  } catch (IOException e) {
                    // the test asserts on what arrived; a broken connection shows up there
                  }
                },
                "test-renderd-connection");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException closed) {
        return;
      }
    }
  }
}
