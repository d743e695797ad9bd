package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jtile.metatile.TileCoord;
import org.junit.jupiter.api.Test;

class MetatileSetTest {
  @Test
  void addsEachMetatileOnce_atEveryZoom_asASetOfCoordinatesWould() {
    MetatileSet set = new MetatileSet();
    Set<List<Integer>> expected = new HashSet<>();
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      int z = random.nextInt(TileCoord.MAX_ZOOM + 1);
      int tiles = TileCoord.tilesPerAxis(z);
      // half spread over the world (thousands of chunks: the table grows), half crowded into a corner
      int x = (i % 2 == 0 ? random.nextInt(tiles) : random.nextInt(Math.min(tiles, 200))) & ~7;
      int y = (i % 2 == 0 ? random.nextInt(tiles) : random.nextInt(Math.min(tiles, 200))) & ~7;
      assertThat(set.add(z, x, y)).as("%d/%d/%d", z, x, y).isEqualTo(expected.add(List.of(z, x, y)));
    }
    assertThat(set.size()).isEqualTo(expected.size());
  }

  @Test
  void theWorldsCornersAtZoom20_areDistinctMetatiles() {
    MetatileSet set = new MetatileSet();
    int last = TileCoord.tilesPerAxis(20) - 8;
    assertThat(set.add(20, 0, 0)).isTrue();
    assertThat(set.add(20, last, 0)).isTrue();
    assertThat(set.add(20, 0, last)).isTrue();
    assertThat(set.add(20, last, last)).isTrue();
    assertThat(set.add(19, last / 2, last / 2)).isTrue();
    assertThat(set.add(20, last, last)).isFalse();
    assertThat(set.size()).isEqualTo(5);
  }
}
