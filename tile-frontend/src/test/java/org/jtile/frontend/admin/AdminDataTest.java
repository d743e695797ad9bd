package org.jtile.frontend.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.metatile.TileCoord;
import org.jtile.protocol.Command;
import org.jtile.testing.FakeClock;
import org.junit.jupiter.api.Test;

/** The page's document: rates over the interval, levels, clients and heat, as valid JSON. */
class AdminDataTest {
  private final Layer layer = Layer.simple("/osm/", "osm", "/tmp/none");
  private final FrontendStats stats = new FrontendStats(List.of(layer), () -> 0, () -> 0);
  private final Activity activity = Activity.recording();
  private final AdminConfig config = new AdminConfig(true, List.of(), Optional.empty(), Duration.ofHours(1));

  private static Config parse(byte[] json) {
    return ConfigFactory.parseString(new String(json, StandardCharsets.UTF_8));
  }

  @Test
  void aSample_turnsCountersIntoRatesPerSecond() {
    try (AdminData data = new AdminData(new AdminConfig(true, List.of(), Optional.empty(), Duration.ofSeconds(2)),
        stats, activity, () -> 3, client -> "not throttled", FakeClock.startingNow())) {
      for (int i = 0; i < 10; i++) {
        stats.response(layer, 5, 200, 1000);
      }
      stats.response(layer, 5, 404, 1000);
      stats.tileRead(5, 100, true);
      stats.tileRead(5, 100, true);
      stats.tileRead(5, 100, true);
      stats.tileRead(5, 100, false);
      stats.renderWait(Command.DONE, 1_000_000);
      activity.viewed(new TileCoord(5, 1, 1), InetAddress.getLoopbackAddress());
      data.sample();

      Config d = parse(data.json());
      assertThat(d.getDoubleList("tiles_200")).containsExactly(5.0);
      assertThat(d.getDoubleList("tiles_404")).containsExactly(0.5);
      assertThat(d.getDoubleList("hot_hit_percent")).containsExactly(75.0);
      assertThat(d.getDoubleList("renders_done")).containsExactly(0.5);
      assertThat(d.getDoubleList("renders_waiting")).containsExactly(3.0);
      assertThat(d.getBoolean("renderd")).isFalse();
      assertThat(d.getList("queue_bulk").unwrapped()).containsExactly((Object) null);
      assertThat(d.getConfigList("clients")).hasSize(1);
      assertThat(d.getConfigList("clients").get(0).getString("throttle")).isEqualTo("not throttled");
      assertThat(d.getList("heat.requests").unwrapped()).containsExactly(List.of(5, 0, 0, 1));

      data.sample(); // nothing happened since
      d = parse(data.json());
      assertThat(d.getDoubleList("tiles_200")).containsExactly(5.0, 0.0);
      assertThat(d.getList("hot_hit_percent").unwrapped()).containsExactly(75, null);
    }
  }

  @Test
  void theRing_keepsTheLastSamplesOnly() {
    try (AdminData data = new AdminData(config, stats, activity, () -> 0, client -> "not throttled", FakeClock.startingNow())) {
      for (int i = 0; i < AdminData.SAMPLES + 5; i++) {
        data.sample();
      }
      assertThat(parse(data.json()).getList("time")).hasSize(AdminData.SAMPLES);
    }
  }
}
