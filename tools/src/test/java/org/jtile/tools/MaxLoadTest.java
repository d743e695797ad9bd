package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;
import org.jtile.protocol.RenderdChannel;
import org.jtile.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-load}: on jtile's renderd the tools back off on its queue (jobs waiting ahead of bulk
 * ones), asked through jtile's QueueDepth command; mod_tile's renderd answers that NotDone and the host's
 * load average stands in, as in mod_tile.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MaxLoadTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream printing = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private final Summary summary = new Summary(printing, printing);

  @Test
  void jtileRenderd_reportsItsQueue_overTcp() throws Exception {
    try (Peer renderd = Peer.start(Peer.Kind.JTILE_TCP, dir)) {
      RenderdLoad load = new RenderdLoad(RenderdAddress.parse(renderd.socket()), 16, () -> 99, summary);
      RenderdLoad.Reading reading = load.current();
      assertThat(reading.value()).isZero();
      assertThat(reading.what()).isEqualTo("0 jobs waiting ahead of bulk ones in renderd (0 bulk, 0 rendering)");
    }
  }

  @Test
  void modTileRenderd_answersNotDone_soTheLoadAverageStandsIn_andRenderdKeepsServing() throws Exception {
    try (Peer renderd = Peer.start(Peer.Kind.C_UNIX, dir)) {
      RenderdLoad load = new RenderdLoad(RenderdAddress.parse(renderd.socket()), 16, () -> 0.5, summary);
      RenderdLoad.Reading reading = load.current();
      assertThat(reading.value()).isEqualTo(0.5);
      assertThat(reading.what()).isEqualTo("load average 0.50");

      ExternalProcess.Result run = ToolsTest.jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "1", "-s",
          renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("done: 2, not done: 0");
    }
  }

  @Test
  void bulkRequestsWait_whileViewersRendersQueueUpInJtileRenderd() throws Exception {
    try (Peer renderd = Peer.slow(dir, 250);
         RenderdChannel viewer = RenderdChannel.connect(RenderdAddress.parse(renderd.socket()),
             Duration.ofSeconds(5))) {
      // twelve missing tiles a map viewer asked for: about 3 s of rendering ahead of any bulk request
      for (int i = 0; i < 12; i++) {
        viewer.send(RenderMessage.request(Command.RENDER_PRIO, "default", 10, i * 8, 0));
      }
      ExternalProcess.Result run = ToolsTest.jtile(dir, "", "render-list", "-a", "-z", "0", "-Z", "2",
          "--max-load", "4", "-s", renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(run.exitCode()).as(run.output() + renderd.process().logTail()).isZero();
      assertThat(run.output())
          .containsPattern("waiting: \\d+ jobs waiting ahead of bulk ones in renderd \\(0 bulk, 1 rendering\\), "
              + "--max-load 4")
          .contains("done: 3, not done: 0");
      for (int i = 0; i < 12; i++) {
        assertThat(viewer.receive()).hasValueSatisfying(reply -> assertThat(reply.command()).isEqualTo(Command.DONE));
      }
    }
  }
}
