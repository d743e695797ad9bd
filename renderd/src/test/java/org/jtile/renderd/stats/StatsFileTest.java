package org.jtile.renderd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.config.QueueConfig;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsFileTest {
  @TempDir Path dir;

  @Test
  void format_hasModTilesKeysInModTilesOrder() throws Exception {
    RenderQueue queue = new RenderQueue(QueueConfig.DEFAULT);
    queue.enqueue(new JobKey("s", 12, 0, 0), "", Priority.PRIO, "c", null);
    queue.complete(queue.take(0, TimeUnit.SECONDS), 250);
    queue.enqueue(new JobKey("s", 3, 0, 0), "", Priority.BULK, "c", null);
    Path file = dir.resolve("renderd.stats");
    StatsFile.write(file, queue.stats());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(16 + 21 + 21);
    assertThat(lines.subList(0, 16)).containsExactly(
        "ReqQueueLength: 0", "ReqPrioQueueLength: 0", "ReqLowQueueLength: 0", "ReqBulkQueueLength: 1",
        "DirtQueueLength: 0", "DropedRequest: 0", "ReqRendered: 0", "TimeRendered: 0", "ReqPrioRendered: 1",
        "TimePrioRendered: 250", "ReqLowRendered: 0", "TimeLowRendered: 0", "ReqBulkRendered: 0",
        "TimeBulkRendered: 0", "DirtyRendered: 0", "TimeDirtyRendered: 0");
    assertThat(lines.get(16)).isEqualTo("ZoomRendered00: 0");
    assertThat(lines.get(16 + 12)).isEqualTo("ZoomRendered12: 1");
    assertThat(lines.get(37 + 12)).isEqualTo("TimeRenderedZoom12: 250");
    assertThat(lines.get(57)).isEqualTo("TimeRenderedZoom20: 0");
    assertThat(dir.resolve("renderd.stats.tmp")).doesNotExist();
  }
}
