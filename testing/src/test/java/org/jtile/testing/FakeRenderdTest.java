package org.jtile.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolException;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.testing.FakeRenderd.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake renderd speaks the real protocol — Debian's C {@code render_list} is satisfied by it, so every
 * struct the C tool sends decodes and every reply jtile encodes is accepted — and does what it is scripted
 * to.
 */
class FakeRenderdTest {
  @TempDir Path dir;

  @Test
  void debiansRenderList_all_z0to4_everyRequestDecodesAndEveryReplyIsAccepted() throws Exception {
    Path renderList = Peers.require("render_list", "renderd");
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("renderd.sock"), FakeRenderd.RENDERS_DONE)) {
      ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(60), "",
          List.of(renderList.toString(), "-a", "-z", "0", "-Z", "4", "-n", "2", "-m", "default",
              "-s", renderd.socket().toString(), "-t", tiles.toString()));

      assertThat(result.exitCode()).as(result.output()).isZero();
      List<RenderMessage> received = renderd.received();
      // render_list steps x and y by 8 over every zoom: 1 request for z0..z3, 4 for z4.
      assertThat(received).hasSize(8).allSatisfy(m -> {
        assertThat(m.version()).isEqualTo(ProtocolVersion.V2);
        assertThat(m.command()).isEqualTo(Command.RENDER_BULK);
        assertThat(m.style()).isEqualTo("default");
      });
      assertThat(received.stream().map(m -> m.z() + "/" + m.x() + "/" + m.y()))
          .containsExactlyInAnyOrder("0/0/0", "1/0/0", "2/0/0", "3/0/0", "4/0/0", "4/0/8", "4/8/0", "4/8/8");
      assertThat(renderd.answeredDone()).hasSize(8);
      assertThat(result.output()).contains("Rendered 8 tiles"); // render_list counts what it saw answered
    }
  }

  @Test
  void answersAsScripted_perConnection() throws Exception {
    RenderMessage render = RenderMessage.request(Command.RENDER, "default", 3, 0, 0);
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"), (connection, m) -> switch (connection) {
      case 0 -> Answer.DONE;
      case 1 -> Answer.NOT_DONE;
      case 2 -> Answer.OTHER_TILE;
      case 3 -> Answer.GARBAGE;
      default -> Answer.DROP;
    })) {
      UnixDomainSocketAddress at = UnixDomainSocketAddress.of(renderd.socket());
      Duration timeout = Duration.ofSeconds(10);
      assertThat(RenderdChannel.ask(at, render, timeout).orElseThrow().command()).isEqualTo(Command.DONE);
      assertThat(RenderdChannel.ask(at, render, timeout).orElseThrow().command()).isEqualTo(Command.NOT_DONE);
      assertThat(render.isAnsweredBy(RenderdChannel.ask(at, render, timeout).orElseThrow())).isFalse();
      assertThatThrownBy(() -> RenderdChannel.ask(at, render, timeout)).isInstanceOf(ProtocolException.class);
      assertThat(RenderdChannel.ask(at, render, timeout)).isEmpty();
      assertThat(renderd.connections()).isEqualTo(5);
      assertThat(renderd.received()).hasSize(5);
      assertThat(renderd.answeredDone()).containsExactly(render);
    }
  }

  @Test
  void saysNothing_theAskerEndsAtItsDeadline() throws Exception {
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"), (connection, m) -> Answer.NOTHING)) {
      RenderMessage render = RenderMessage.request(Command.RENDER, "default", 3, 0, 0);
      assertThatThrownBy(() -> RenderdChannel.ask(UnixDomainSocketAddress.of(renderd.socket()), render,
          Duration.ofMillis(200))).isInstanceOf(java.io.IOException.class);
      assertThat(renderd.received()).containsExactly(render);
    }
  }
}
