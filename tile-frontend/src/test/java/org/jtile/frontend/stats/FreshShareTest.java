package org.jtile.frontend.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.stats.FrontendStats.Served;
import org.junit.jupiter.api.Test;

/** The share of tiles served fresh over the last minute, from samples taken every 10 s. */
class FreshShareTest {
  private final FrontendStats stats = new FrontendStats(List.of(Layer.simple("/osm/", "osm", "/tmp")), () -> 0,
      () -> 0);

  @Test
  void isTheShareFreshOfWhatWasServedSinceTheOldestSampleKept() throws Exception {
    Duration every = Duration.ofSeconds(10);
    assertThat(stats.freshShare()).isNaN();
    stats.sampleFreshShare(every);
    assertThat(stats.freshShare()).as("nothing served yet").isNaN();

    serve(Served.OLD_CACHE, 3);
    serve(Served.FRESH_CACHE, 1);
    stats.sampleFreshShare(every);
    assertThat(stats.freshShare()).isEqualTo(0.25);

    serve(Served.FRESH_RENDER, 4);
    stats.sampleFreshShare(every);
    assertThat(stats.freshShare()).isEqualTo(5 / 8.0);

    for (int i = 0; i < 6; i++) { // a minute later, the stale views have left the window
      serve(Served.FRESH_CACHE, 1);
      stats.sampleFreshShare(every);
    }
    assertThat(stats.freshShare()).isEqualTo(1.0);
    assertThat(metrics()).contains("jtile_frontend_fresh_view_share 1.0");
  }

  private void serve(Served how, int times) {
    for (int i = 0; i < times; i++) {
      stats.served(how);
    }
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stats.writePrometheus(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
