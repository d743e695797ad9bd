package org.jtile.frontend.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.jtile.metatile.TileCoord;
import org.junit.jupiter.api.Test;

class ActivityTest {
  private final Activity activity = Activity.recording();
  private final InetAddress a = InetAddress.getLoopbackAddress();

  private static InetAddress address(String text) throws Exception {
    return InetAddress.getByName(text);
  }

  @Test
  void views_areCountedPerMetatile_busiestFirst() {
    for (int i = 0; i < 8; i++) {
      activity.viewed(new TileCoord(10, 296 + i, 184), a); // one metatile, eight tiles
    }
    activity.viewed(new TileCoord(10, 8, 8), a);
    activity.renderAsked(new TileCoord(10, 8, 9), a);
    assertThat(activity.heat(false, 10)).containsExactly(new Activity.Cell(10, 296, 184, 8),
        new Activity.Cell(10, 8, 8, 1));
    assertThat(activity.heat(true, 10)).containsExactly(new Activity.Cell(10, 8, 8, 1));
  }

  @Test
  void theHeatMapCoversTheLastMinutes_only() {
    activity.viewed(new TileCoord(5, 0, 0), a);
    for (int m = 1; m < Activity.MINUTES; m++) {
      activity.nextMinute();
      assertThat(activity.heat(false, 10)).as("minute %d", m).hasSize(1);
    }
    activity.nextMinute();
    assertThat(activity.heat(false, 10)).isEmpty();
  }

  @Test
  void aMinuteCountsAtMostMaxCells_theRestAreDropped() {
    for (int i = 0; i < Activity.MAX_CELLS + 10; i++) {
      activity.viewed(new TileCoord(20, 8 * (i % 100_000), 8 * (i / 100_000)), a);
    }
    assertThat(activity.heat(false, Integer.MAX_VALUE)).hasSize(Activity.MAX_CELLS);
    assertThat(activity.dropped()).isEqualTo(10);
  }

  @Test
  void busiestClients_byRequests_withRendersAndThrottled() throws Exception {
    InetAddress b = address("192.0.2.7");
    InetAddress c = address("2001:db8::1");
    for (int i = 0; i < 3; i++) {
      activity.viewed(new TileCoord(1, 0, 0), b);
    }
    activity.renderAsked(new TileCoord(1, 0, 0), b);
    activity.throttled(b);
    activity.viewed(new TileCoord(1, 0, 0), c);
    assertThat(activity.busiest(10)).extracting(Activity.Client::requests).containsExactly(3L, 1L);
    Activity.Client first = activity.busiest(1).get(0);
    assertThat(first.renders()).isEqualTo(1);
    assertThat(first.throttled()).isEqualTo(1);
    assertThat(first.address()).contains("192.0.2");
  }

  @Test
  void none_recordsNothing() {
    Activity.NONE.viewed(new TileCoord(1, 0, 0), a);
    Activity.NONE.renderAsked(new TileCoord(1, 0, 0), a);
    Activity.NONE.throttled(a);
    assertThat(Activity.NONE.heat(false, 10)).isEmpty();
  }
}
