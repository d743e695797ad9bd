package org.jtile.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import org.jtile.metatile.MetatileCoord;
import org.jtile.store.MetatileKey;
import org.junit.jupiter.api.Test;

/** mod_tile's key scheme: style/x/y/z[.options].meta with the metatile's origin. */
class MemcachedLayoutTest {
  @Test
  void keys_areModTiles() {
    assertThat(MemcachedTileStore.key(new MetatileKey("osm", "", new MetatileCoord(9, 296, 184))))
        .isEqualTo("osm/296/184/9.meta");
    assertThat(MemcachedTileStore.key(new MetatileKey("osm", "de", new MetatileCoord(3, 0, 0))))
        .isEqualTo("osm/0/0/3.de.meta");
  }
}
