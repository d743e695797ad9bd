package org.jtile.frontend.renderd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.testing.FakeRenderd.Answer;
import org.jtile.testing.FakeRenderd;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous renderd client against a renderd that answers well, badly, or not at all. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RenderdClientTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private static RenderMessage request(int x) {
    return RenderMessage.request(Command.RENDER_PRIO, "default", 12, x, 0);
  }

  private Command render(RenderdClient client, RenderMessage request, Duration timeout) throws Exception {
    return client.render(request, "192.0.2.1", timeout).get(30, TimeUnit.SECONDS);
  }

  @Test
  void answers_areTheRequestsOwn_anythingElseIsNotDone() throws Exception {
    Answer[] next = {Answer.DONE};
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"),
            (c, m) -> m.command() == Command.ON_BEHALF_OF ? Answer.NOTHING : next[0]);
        RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(renderd.socket()))) {
      assertThat(render(client, request(0), WAIT)).isEqualTo(Command.DONE);
      next[0] = Answer.NOT_DONE;
      assertThat(render(client, request(8), WAIT)).isEqualTo(Command.NOT_DONE);
      next[0] = Answer.OTHER_TILE;
      assertThat(render(client, request(16), WAIT)).as("a reply for another tile").isEqualTo(Command.NOT_DONE);
      next[0] = Answer.GARBAGE;
      assertThat(render(client, request(24), WAIT)).as("bytes that are no reply").isEqualTo(Command.NOT_DONE);
      next[0] = Answer.DROP;
      assertThat(render(client, request(32), WAIT)).as("the connection dropped").isEqualTo(Command.NOT_DONE);
      next[0] = Answer.DONE;
      assertThat(render(client, request(40), WAIT)).as("and it goes on").isEqualTo(Command.DONE);
    }
  }

  @Test
  void silence_endsAtTheTimeout() throws Exception {
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"), (c, m) -> Answer.NOTHING);
        RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(renderd.socket()))) {
      long start = System.nanoTime();
      assertThat(render(client, request(0), Duration.ofMillis(300))).isEqualTo(Command.NOT_DONE);
      assertThat(System.nanoTime() - start).isBetween(TimeUnit.MILLISECONDS.toNanos(250),
          TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void eachRequest_namesItsClient_beforeIt() throws Exception {
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"),
            (c, m) -> m.command() == Command.ON_BEHALF_OF ? Answer.NOTHING : Answer.DONE);
        RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(renderd.socket()))) {
      assertThat(client.render(request(0), "2001:db8:1:2::/64", WAIT).get()).isEqualTo(Command.DONE);
      assertThat(client.render(request(8), null, WAIT).get()).isEqualTo(Command.DONE);
      List<RenderMessage> received = renderd.received();
      assertThat(received).extracting(RenderMessage::command)
          .containsExactly(Command.ON_BEHALF_OF, Command.RENDER_PRIO, Command.RENDER_PRIO);
      assertThat(received.get(0).style()).isEqualTo("2001:db8:1:2::/64");
    }
  }

  /** mod_tile's renderd answers a command it does not know NotDone: the client stops naming clients to it. */
  @Test
  void aRenderdThatRefusesOnBehalfOf_isNotToldAgain_andStillAnswered() throws Exception {
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"),
            (c, m) -> m.command() == Command.ON_BEHALF_OF ? Answer.NOT_DONE : Answer.DONE);
        RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(renderd.socket()))) {
      assertThat(render(client, request(0), WAIT)).as("the refusal is not the answer").isEqualTo(Command.DONE);
      assertThat(render(client, request(8), WAIT)).isEqualTo(Command.DONE);
      assertThat(renderd.received()).extracting(RenderMessage::command)
          .containsExactly(Command.ON_BEHALF_OF, Command.RENDER_PRIO, Command.RENDER_PRIO);
    }
  }

  @Test
  void noRenderd_isNotDoneAtOnce_andDirtyIsNotSent() throws Exception {
    try (RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(dir.resolve("nobody.sock")))) {
      long start = System.nanoTime();
      assertThat(render(client, request(0), WAIT)).isEqualTo(Command.NOT_DONE);
      assertThat(client.dirty(RenderMessage.request(Command.DIRTY, "default", 12, 0, 0), null).get())
          .isEqualTo(Command.NOT_DONE);
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
  }

  @Test
  void dirty_isWritten_andNotWaitedFor() throws Exception {
    try (FakeRenderd renderd = FakeRenderd.start(dir.resolve("r.sock"), (c, m) -> Answer.NOTHING);
        RenderdClient client = new RenderdClient(UnixDomainSocketAddress.of(renderd.socket()))) {
      assertThat(client.dirty(RenderMessage.request(Command.DIRTY, "default", 12, 0, 0), null)
          .get(5, TimeUnit.SECONDS)).isEqualTo(Command.DONE);
      Poll.until(Duration.ofSeconds(5), () -> !renderd.received().isEmpty());
      assertThat(renderd.received()).extracting(RenderMessage::command).containsExactly(Command.DIRTY);
    }
  }
}
