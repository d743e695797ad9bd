package org.jtile.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jtile.metatile.MetatileCoord;
import org.junit.jupiter.api.Test;

class PopularityRecordTest {
  private static final MetatileCoord A = new MetatileCoord(14, 8192, 5448);
  private static final MetatileCoord B = new MetatileCoord(14, 8200, 5448);
  private static final MetatileCoord C = new MetatileCoord(5, 8, 8);

  @Test
  void countsEachMetatileAndRanksMostViewedFirst() {
    PopularityRecord record = new PopularityRecord(12, 100);
    view(record, "osm", A, 30);
    view(record, "osm", B, 70);
    view(record, "osm", C, 5);
    view(record, "topo", A, 12);
    record.maintain();

    assertThat(record.estimate("osm", A)).isEqualTo(30);
    assertThat(record.estimate("topo", A)).isEqualTo(12);
    assertThat(record.estimate("osm", new MetatileCoord(3, 0, 0))).isZero();
    assertThat(record.totalViews()).isEqualTo(117);
    assertThat(record.ranked()).containsExactly(new Ranked("osm", B, 70), new Ranked("osm", A, 30),
        new Ranked("topo", A, 12), new Ranked("osm", C, 5));
  }

  @Test
  void sketchNeverCountsLowAndStaysCloseForTheOftenViewed() {
    FrequencySketch sketch = new FrequencySketch(10); // 1024 counters a row for 20 000 keys: crowded
    for (long key = 0; key < 20_000; key++) {
      for (int i = 0; i < (key < 10 ? 1000 : 1); i++) {
        sketch.increment(key);
      }
    }
    for (long key = 0; key < 20_000; key += 97) {
      assertThat(sketch.estimate(key)).isGreaterThanOrEqualTo(key < 10 ? 1000 : 1);
    }
    for (long key = 0; key < 10; key++) {
      assertThat(sketch.estimate(key)).isBetween(1000, 1100);
    }
  }

  @Test
  void topSetKeepsTheMostViewedWithinItsCapacity() {
    PopularityRecord record = new PopularityRecord(14, 10);
    for (int i = 0; i < 200; i++) {
      view(record, "osm", new MetatileCoord(12, 8 * i, 0), i + 1);
      record.maintain();
    }
    List<Ranked> ranked = record.ranked();
    assertThat(ranked).hasSize(10);
    assertThat(ranked).extracting(Ranked::views).containsExactly(200, 199, 198, 197, 196, 195, 194, 193, 192, 191);
  }

  @Test
  void decayLetsNewViewsOvertakeOldOnes() {
    PopularityRecord record = new PopularityRecord(12, 100);
    view(record, "osm", A, 100);
    record.halve();
    view(record, "osm", B, 200);
    record.maintain();

    assertThat(record.estimate("osm", A)).isEqualTo(50);
    assertThat(record.totalViews()).isEqualTo(250);
    assertThat(record.ranked()).extracting(Ranked::coord).containsExactly(B, A);
    for (int i = 0; i < 6; i++) {
      record.halve();
    }
    assertThat(record.ranked()).as("counts decayed to nothing leave the top set")
        .extracting(Ranked::coord).containsExactly(B);
  }

  @Test
  void decaysOncePerHalfLifePassedAcrossRestarts() {
    PopularityRecord record = new PopularityRecord(12, 100);
    Instant start = Instant.parse("2026-12-01T00:00:00Z");
    Duration halfLife = Duration.ofDays(7);
    view(record, "osm", A, 80);
    assertThat(record.decayIfDue(start, halfLife)).as("the first call starts the clock").isZero();
    assertThat(record.decayIfDue(start.plus(Duration.ofDays(6)), halfLife)).isZero();
    assertThat(record.decayIfDue(start.plus(Duration.ofDays(15)), halfLife)).isEqualTo(2);
    assertThat(record.estimate("osm", A)).isEqualTo(20);
    assertThat(record.decayIfDue(start.plus(Duration.ofDays(20)), halfLife)).as("day 14 was the last").isZero();
    assertThat(record.decayIfDue(start.plus(Duration.ofDays(21)), halfLife)).isEqualTo(1);
    assertThat(record.estimate("osm", A)).isEqualTo(10);
  }

  @Test
  void aSaturatedCountHalvesEverythingAtTheNextMaintenance() {
    PopularityRecord record = new PopularityRecord(12, 100);
    view(record, "osm", A, 70_000);
    view(record, "osm", B, 1000);
    assertThat(record.estimate("osm", A)).isEqualTo(0xFFFF);
    record.maintain();
    assertThat(record.estimate("osm", A)).isEqualTo(0x7FFF);
    assertThat(record.estimate("osm", B)).isEqualTo(500);
  }

  @Test
  void mergingTwoFrontendsAddsTheirViewsWhateverTheirLayerOrder() {
    PopularityRecord one = new PopularityRecord(12, 100);
    view(one, "osm", A, 10);
    view(one, "topo", B, 3);
    one.maintain();
    PopularityRecord two = new PopularityRecord(12, 100);
    view(two, "topo", B, 40);
    view(two, "osm", A, 5);
    view(two, "osm", C, 7);
    two.maintain();

    PopularityRecord merged = one.copy();
    merged.merge(two);

    assertThat(merged.estimate("osm", A)).isEqualTo(15);
    assertThat(merged.estimate("topo", B)).isEqualTo(43);
    assertThat(merged.totalViews()).isEqualTo(65);
    assertThat(merged.ranked()).containsExactly(new Ranked("topo", B, 43), new Ranked("osm", A, 15),
        new Ranked("osm", C, 7));
    assertThat(one.estimate("osm", A)).as("the copy, not the live record, took the merge").isEqualTo(10);
  }

  static void view(PopularityRecord record, String layer, MetatileCoord m, int times) {
    for (int i = 0; i < times; i++) {
      record.viewed(layer, m);
    }
  }
}
