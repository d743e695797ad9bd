package org.jtile.frontend.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** renderd's Prometheus text, as its metrics endpoint writes it, read into the page's figures. */
class RenderdScrapeTest {
  private static final String SCRAPE = """
      # HELP renderd_queue_waiting_bulk Generated from Dropwizard metric import
      # TYPE renderd_queue_waiting_bulk gauge
      renderd_queue_waiting_bulk 12.0
      renderd_queue_waiting_prio 3.0
      renderd_queue_rendering 2.0
      renderd_render_time_z3{quantile="0.5"} 0.911
      renderd_render_time_z3{quantile="0.99"} 1.5
      renderd_render_time_z3_count 1
      renderd_render_time_z12{quantile="0.5"} 0.2
      renderd_render_time_z12{quantile="0.99"} 0.4
      renderd_renders_bulk_done_total 4.0
      renderd_renders_bulk_notdone_total 1.0
      renderd_renders_prio_done_total 7.0
      renderd_renders_nosuch_done_total 9.0
      renderd_queue_waiting_low garbage
      """;

  @Test
  void parse_takesWhatThePageShows_andSkipsTheRest() {
    RenderdScrape.Figures f = RenderdScrape.parse(SCRAPE);
    assertThat(f.waiting()).containsEntry("bulk", 12.0).containsEntry("prio", 3.0).containsEntry("low", 0.0)
        .containsOnlyKeys("prio", "render", "low", "dirty", "bulk");
    assertThat(f.rendering()).isEqualTo(2.0);
    assertThat(f.renders()).containsEntry("bulk", 5.0).containsEntry("prio", 7.0).containsEntry("render", 0.0)
        .doesNotContainKey("nosuch");
    assertThat(f.renderTime()).containsOnlyKeys(3, 12);
    assertThat(f.renderTime().get(3)).containsExactly(0.911, 1.5);
  }

  @Test
  void parse_ofNothing_isAllZero() {
    RenderdScrape.Figures f = RenderdScrape.parse("");
    assertThat(f.waiting().values()).containsOnly(0.0);
    assertThat(f.renderTime()).isEmpty();
  }
}
