package org.jtile.metatile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileCoordTest {
  @Test
  void hashCodes_spreadABlockOfTiles() {
    java.util.Set<Integer> tiles = new java.util.HashSet<>();
    java.util.Set<Integer> metatiles = new java.util.HashSet<>();
    for (int x = 8000; x < 8256; x++) {
      for (int y = 5000; y < 5256; y++) {
        tiles.add(new TileCoord(14, x, y).hashCode());
        metatiles.add(new TileCoord(14, x, y).metatile().hashCode());
      }
    }
    // 65 536 tiles in 1 024 metatiles: a few 32-bit collisions at most (the record's own hash gave 8 161)
    assertThat(tiles.size()).isGreaterThan(65_500);
    assertThat(metatiles.size()).isEqualTo(32 * 32);
    assertThat(new TileCoord(14, 1, 2)).hasSameHashCodeAs(new TileCoord(14, 1, 2))
        .doesNotHaveSameHashCodeAs(new TileCoord(14, 2, 1)).doesNotHaveSameHashCodeAs(new TileCoord(13, 1, 2));
  }

  @Test
  void metatileAndSlot_followModTile() {
    TileCoord tile = new TileCoord(9, 297, 191);
    assertThat(tile.metatile()).isEqualTo(new MetatileCoord(9, 296, 184));
    assertThat(tile.slot()).isEqualTo(15);
    assertThat(new TileCoord(1, 1, 0).metatile()).isEqualTo(new MetatileCoord(1, 0, 0));
    assertThat(new TileCoord(1, 1, 0).slot()).isEqualTo(8);
  }

  @Test
  void tilesAcross_isTwoToTheZoomBelowZoom3() {
    assertThat(new MetatileCoord(0, 0, 0).tilesAcross()).isEqualTo(1);
    assertThat(new MetatileCoord(2, 0, 0).tilesAcross()).isEqualTo(4);
    assertThat(new MetatileCoord(3, 0, 0).tilesAcross()).isEqualTo(8);
    assertThat(new MetatileCoord(9, 296, 184).tile(1, 7)).isEqualTo(new TileCoord(9, 297, 191));
  }

  @Test
  void outOfRange_isRejectedWithTheRule() {
    assertThatThrownBy(() -> new TileCoord(21, 0, 0)).hasMessage("zoom must be in [0, 20]: 21");
    assertThatThrownBy(() -> new TileCoord(-1, 0, 0)).hasMessage("zoom must be in [0, 20]: -1");
    assertThatThrownBy(() -> new TileCoord(2, 4, 0)).hasMessage("x must be in [0, 4) at zoom 2: 4");
    assertThatThrownBy(() -> new TileCoord(2, 0, -1)).hasMessage("y must be in [0, 4) at zoom 2: -1");
    assertThatThrownBy(() -> new MetatileCoord(5, 3, 0))
        .hasMessage("metatile origin must be a multiple of 8: 3,0");
    assertThat(new TileCoord(20, (1 << 20) - 1, 0).metatile().x()).isEqualTo((1 << 20) - 8);
  }
}
