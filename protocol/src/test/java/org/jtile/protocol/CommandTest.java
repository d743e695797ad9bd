package org.jtile.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandTest {
  @Test
  void fromWire_matchesModTileEnumValues() {
    assertThat(Command.fromWire(0)).isEqualTo(Command.IGNORE);
    assertThat(Command.fromWire(1)).isEqualTo(Command.RENDER);
    assertThat(Command.fromWire(2)).isEqualTo(Command.DIRTY);
    assertThat(Command.fromWire(3)).isEqualTo(Command.DONE);
    assertThat(Command.fromWire(4)).isEqualTo(Command.NOT_DONE);
    assertThat(Command.fromWire(5)).isEqualTo(Command.RENDER_PRIO);
    assertThat(Command.fromWire(6)).isEqualTo(Command.RENDER_BULK);
    assertThat(Command.fromWire(7)).isEqualTo(Command.RENDER_LOW);
    assertThat(Command.fromWire(8)).isEqualTo(Command.UNKNOWN);
    assertThat(Command.fromWire(-1)).isEqualTo(Command.UNKNOWN);
  }

  @Test
  void jtilesExtensions_haveValuesOutsideModTilesRange() {
    assertThat(Command.QUEUE_DEPTH.wire()).isEqualTo(0x4a54);
    assertThat(Command.fromWire(0x4a54)).isEqualTo(Command.QUEUE_DEPTH);
    assertThat(Command.ON_BEHALF_OF.wire()).isEqualTo(0x4a55);
    assertThat(Command.fromWire(0x4a55)).isEqualTo(Command.ON_BEHALF_OF);
    assertThat(Command.fromWire(0x4a56)).isEqualTo(Command.UNKNOWN);
  }
}
