package org.jtile.renderd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.config.QueueConfig;
import org.jtile.renderd.queue.RenderQueue;
import org.junit.jupiter.api.Test;

/** Reading the numbers does not slow renderd: a scrape takes the queue's stats once, not once per gauge. */
class RenderdMetricsTest {
  @Test
  void aScrape_takesOneSnapshotOfTheQueue() throws Exception {
    RenderQueue queue = new RenderQueue(QueueConfig.DEFAULT);
    AtomicInteger snapshots = new AtomicInteger();
    AtomicLong now = new AtomicLong(1L << 40);
    try (RenderdMetrics metrics = new RenderdMetrics(() -> {
      snapshots.incrementAndGet();
      return queue.stats();
    }, () -> 0, now::get)) {
      int port = metrics.serve(0);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      String text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
      assertThat(text).contains("renderd_queue_waiting_bulk 0.0", "renderd_queue_rendering 0.0",
          "renderd_queue_dropped 0.0");
      assertThat(snapshots.get()).as("eleven gauges, one snapshot").isEqualTo(1);

      now.addAndGet(200_000_000L);
      http.send(scrape, HttpResponse.BodyHandlers.ofString());
      assertThat(snapshots.get()).as("a later scrape takes a fresh one").isEqualTo(2);
    }
  }
}
