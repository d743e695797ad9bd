package org.jtile.frontend.renderd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderWaitsTest {
  private final RenderWaits waits = new RenderWaits();

  @Test
  void tryEnter_saysWhatTheClientAlreadyWaitsFor() {
    assertThat(waits.tryEnter("192.0.2.1", 10, 100)).isZero();
    assertThat(waits.tryEnter("192.0.2.1", 10, 100)).isEqualTo(1);
    assertThat(waits.tryEnter("192.0.2.2", 10, 100)).isZero();
    assertThat(waits.waiting()).isEqualTo(3);
    waits.exit("192.0.2.1");
    assertThat(waits.tryEnter("192.0.2.1", 10, 100)).isEqualTo(1);
  }

  @Test
  void busy_turnsAwayOnlyClientsAlreadyWaiting() {
    assertThat(waits.tryEnter("downloader", 2, 100)).isZero();
    assertThat(waits.tryEnter("downloader", 2, 100)).isEqualTo(1);
    assertThat(waits.tryEnter("downloader", 2, 100)).as("busy, and it waits already").isEqualTo(-1);
    assertThat(waits.tryEnter("map user", 2, 100)).as("busy, but it waits for nothing yet").isZero();
    assertThat(waits.waiting()).isEqualTo(3);
  }

  @Test
  void max_capsEveryone() {
    assertThat(waits.tryEnter("a", 100, 2)).isZero();
    assertThat(waits.tryEnter("b", 100, 2)).isZero();
    assertThat(waits.tryEnter("c", 100, 2)).isEqualTo(-1);
    waits.exit("a");
    assertThat(waits.tryEnter("c", 100, 2)).isZero();
  }

  @Test
  void exit_forgetsAClientWithNothingLeft() {
    waits.tryEnter("a", 10, 10);
    waits.exit("a");
    assertThat(waits.waiting()).isZero();
    assertThat(waits.tryEnter("a", 0, 10)).as("busy at 0, but a waits for nothing").isZero();
  }
}
