package org.jtile.renderd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jtile.config.MapConfig;
import org.jtile.config.QueueConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.junit.jupiter.api.Test;

/** renderd's reply rules without a socket: what is answered at once, and what waits for a render. */
class ReplyRulesTest {
  private final RenderQueue queue = new RenderQueue(new QueueConfig(2, 1, 0));
  private final MapConfig map = MapConfig.builder("osm").zooms(0, 18).renderer("test", Map.of()).build();
  private final ReplyRules rules = new ReplyRules(queue, () -> Map.of("osm", map));
  /** The requests given a waiter: those whose answer comes later. */
  private final List<RenderMessage> waiting = new ArrayList<>();

  private RenderMessage handle(Command command, String style, int z, int x, int y) {
    return rules.handle(RenderMessage.request(command, style, z, x, y), "client", request -> {
      waiting.add(request);
      return result -> { };
    });
  }

  @Test
  void aRenderWaits_forTheMetatileOfItsTile() throws Exception {
    assertThat(handle(Command.RENDER, "osm", 9, 297, 191)).as("no reply now").isNull();
    assertThat(waiting).hasSize(1);
    Job job = queue.take(1, TimeUnit.SECONDS);
    assertThat(job.key().z()).isEqualTo(9);
    assertThat(job.key().x()).isEqualTo(296);
    assertThat(job.key().y()).isEqualTo(184);
  }

  @Test
  void dirty_isAnsweredNotDoneAtOnce_withoutAWaiter() {
    assertThat(handle(Command.DIRTY, "osm", 9, 297, 191).command()).isEqualTo(Command.NOT_DONE);
    assertThat(waiting).isEmpty();
    assertThat(queue.stats().waiting().get(Priority.DIRTY)).isEqualTo(1);
  }

  @Test
  void unknownMap_unknownCommand_notDone_outsideTheMap_ignore() {
    assertThat(handle(Command.RENDER, "nosuch", 1, 0, 0).command()).isEqualTo(Command.NOT_DONE);
    assertThat(handle(Command.DONE, "osm", 1, 0, 0).command()).isEqualTo(Command.NOT_DONE);
    assertThat(handle(Command.RENDER, "osm", 19, 0, 0).command()).as("beyond max zoom").isEqualTo(Command.IGNORE);
    assertThat(handle(Command.RENDER, "osm", 2, 8, 0).command()).as("beyond 2^z").isEqualTo(Command.IGNORE);
    assertThat(waiting).isEmpty();
    assertThat(queue.stats().waiting().values()).allMatch(n -> n == 0);
  }

  @Test
  void fullQueues_answerNotDoneNow() {
    // request_limit 2 per class; then demoted to dirty (limit 1) or dropped, answered NotDone either way
    for (int i = 0; i < 2; i++) {
      assertThat(handle(Command.RENDER, "osm", 10, 8 * i, 0)).isNull();
    }
    assertThat(handle(Command.RENDER, "osm", 10, 16, 0).command()).isEqualTo(Command.NOT_DONE);
    assertThat(handle(Command.RENDER, "osm", 10, 24, 0).command()).isEqualTo(Command.NOT_DONE);
    assertThat(queue.stats().waiting().get(Priority.DIRTY)).isEqualTo(1);
    assertThat(waiting).hasSize(4);
  }

  @Test
  void queueDepth_saysWhatWaitsAheadOfBulk() {
    handle(Command.RENDER_PRIO, "osm", 10, 0, 0);
    handle(Command.RENDER_BULK, "osm", 10, 8, 0);
    RenderMessage depth = handle(Command.QUEUE_DEPTH, "", 0, 0, 0);
    assertThat(depth.command()).isEqualTo(Command.QUEUE_DEPTH);
    assertThat(depth.x()).as("ahead of bulk").isEqualTo(1);
    assertThat(depth.y()).as("bulk").isEqualTo(1);
    assertThat(depth.z()).as("rendering").isZero();
  }
}
