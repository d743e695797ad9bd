package org.jtile.frontend.cachecontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.jtile.store.TileStat;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static CachePolicy policy(CacheConfig config, double u) {
    return new CachePolicy(config, () -> u);
  }

  @Test
  void fresh_usesTheZoomTablePlusUpToThreeHours() {
    assertThat(policy(CacheConfig.DEFAULT, 0).maxAge(TileState.FRESH, 0, 20, NOW, NOW, "h")).isEqualTo(518400);
    assertThat(policy(CacheConfig.DEFAULT, 0).maxAge(TileState.FRESH, 5, 20, NOW, NOW, "h")).isEqualTo(10800);
    assertThat(policy(CacheConfig.DEFAULT, 0.5).maxAge(TileState.FRESH, 5, 20, NOW, NOW, "h")).isEqualTo(10800 + 5400);
    assertThat(policy(CacheConfig.DEFAULT, 0.9999).maxAge(TileState.FRESH, 0, 20, NOW, NOW, "h"))
        .isEqualTo(518400 + 10798);
    // beyond the layer's max zoom the table gives nothing
    assertThat(policy(CacheConfig.DEFAULT, 0).maxAge(TileState.FRESH, 19, 18, NOW, NOW, "h")).isZero();
  }

  @Test
  void fresh_lastModifiedFactor_scalesTheAge_cappedAtTheMaximum() {
    CacheConfig factor = new CacheConfig(604800, 900, 10800, 0, 86400, 0, 518400, 0.1, "", 0, 0);
    Instant tenDaysAgo = NOW.minus(Duration.ofDays(10));
    assertThat(policy(factor, 0).maxAge(TileState.FRESH, 12, 20, NOW, tenDaysAgo, "h")).isEqualTo(86400);
    Instant yearAgo = NOW.minus(Duration.ofDays(365));
    assertThat(policy(factor, 0).maxAge(TileState.FRESH, 12, 20, NOW, yearAgo, "h")).isEqualTo(604800);
  }

  @Test
  void zoomTable_lowAndMediumLevels() {
    CacheConfig levels = new CacheConfig(604800, 900, 10800, 9, 86400, 4, 518400, 0, "", 0, 0);
    CachePolicy p = policy(levels, 0);
    assertThat(p.maxAge(TileState.FRESH, 4, 20, NOW, NOW, "h")).isEqualTo(518400);
    assertThat(p.maxAge(TileState.FRESH, 5, 20, NOW, NOW, "h")).isEqualTo(86400);
    assertThat(p.maxAge(TileState.FRESH, 9, 20, NOW, NOW, "h")).isEqualTo(86400);
    assertThat(p.maxAge(TileState.FRESH, 10, 20, NOW, NOW, "h")).isEqualTo(10800);
  }

  @Test
  void stale_getsTheDirtyDurationPlusUpToHalf() {
    assertThat(policy(CacheConfig.DEFAULT, 0).maxAge(TileState.OLD, 12, 20, NOW, NOW, "h")).isEqualTo(900);
    assertThat(policy(CacheConfig.DEFAULT, 0.5).maxAge(TileState.VERY_OLD, 12, 20, NOW, NOW, "h")).isEqualTo(1125);
    CacheConfig smallMax = new CacheConfig(1000, 900, 10800, 0, 86400, 0, 518400, 0, "", 0, 0);
    assertThat(policy(smallMax, 0.9).maxAge(TileState.OLD, 12, 20, NOW, NOW, "h")).isEqualTo(1000);
  }

  @Test
  void staleTiles_mayBeShownWhileRevalidating() {
    CachePolicy p = policy(CacheConfig.DEFAULT, 0);
    assertThat(p.cacheControl(TileState.OLD, 900)).isEqualTo("max-age=900, stale-while-revalidate=86400");
    assertThat(p.cacheControl(TileState.FRESH, 10800)).isEqualTo("max-age=10800");
    CacheConfig off = new CacheConfig(604800, 900, 10800, 0, 86400, 0, 518400, 0, "", 0, 0);
    assertThat(policy(off, 0).cacheControl(TileState.VERY_OLD, 900)).isEqualTo("max-age=900");
  }

  @Test
  void extendedHost_getsItsDuration_uncapped() {
    CacheConfig extended = new CacheConfig(604800, 900, 10800, 0, 86400, 0, 518400, 0, "tile.example", 2_000_000, 0);
    assertThat(policy(extended, 0.7).maxAge(TileState.OLD, 3, 20, NOW, NOW, "a.tile.example:8080")).isEqualTo(2_000_000);
    assertThat(policy(extended, 0).maxAge(TileState.FRESH, 3, 20, NOW, NOW, "other")).isEqualTo(10800);
    assertThat(policy(extended, 0).maxAge(TileState.FRESH, 3, 20, NOW, NOW, null)).isEqualTo(10800);
  }

  @Test
  void tileState_followsExpiryAndTheVeryOldThreshold() {
    Duration year = Duration.ofDays(365);
    assertThat(TileState.of(TileStat.MISSING, NOW, year)).isEqualTo(TileState.MISSING);
    assertThat(TileState.of(new TileStat(10, NOW, false), NOW, year)).isEqualTo(TileState.FRESH);
    assertThat(TileState.of(new TileStat(10, NOW.minus(Duration.ofDays(5)), true), NOW, year)).isEqualTo(TileState.OLD);
    assertThat(TileState.of(new TileStat(10, NOW.minus(Duration.ofDays(7300)), true), NOW, year))
        .isEqualTo(TileState.VERY_OLD);
  }
}
