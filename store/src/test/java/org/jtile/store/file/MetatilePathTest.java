package org.jtile.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.TileCoord;
import org.junit.jupiter.api.Test;

class MetatilePathTest {
  private static final Path DIR = Path.of("/var/cache/renderd/tiles");

  @Test
  void relative_workedExamplesOfTheSpec() {
    assertThat(MetatilePath.relative("default", "", MetatileCoord.containing(9, 297, 191)))
        .isEqualTo("default/9/0/0/16/43/136.meta");
    assertThat(MetatilePath.relative("default", "", MetatileCoord.containing(0, 0, 0)))
        .isEqualTo("default/0/0/0/0/0/0.meta");
    // The spec's third example (10/1024/1024) lies outside zoom 10's range; the hash is the same at 11.
    assertThat(MetatilePath.relative("default", "", MetatileCoord.containing(11, 1024, 1024)))
        .isEqualTo("default/11/0/0/68/0/0.meta");
  }

  @Test
  void relative_options_goIntoTheLeafName() {
    assertThat(MetatilePath.of(DIR, "osm", "en,de", MetatileCoord.containing(9, 297, 191)))
        .isEqualTo(Path.of("/var/cache/renderd/tiles/osm/9/0/0/16/43/136.en,de.meta"));
  }

  @Test
  void parse_invertsRelative_forRandomMetatiles() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      int z = random.nextInt(TileCoord.MAX_ZOOM + 1);
      MetatileCoord coord =
          MetatileCoord.containing(z, random.nextInt(1 << z), random.nextInt(1 << z));
      String options = i % 3 == 0 ? "en" : "";
      Path file = MetatilePath.of(DIR, "style" + (i % 5), options, coord);
      assertThat(MetatilePath.parse(DIR, file))
          .contains(new MetatilePath.Parsed("style" + (i % 5), options, coord));
    }
  }

  @Test
  void parse_rejectsWhatIsNotAMetatilePath() {
    for (String bad :
        new String[] {
          "default/9/0/0/16/43/136.png", // not .meta
          "default/9/0/0/16/43.meta", // too shallow
          "default/9/0/0/0/16/43/136.meta", // too deep
          "default/9/0/0/16/43/256.meta", // hash over 255
          "default/9/0/0/16/43/-1.meta",
          "default/9/0/0/16/43/0136.meta", // leading zero
          "default/21/0/0/0/0/0.meta", // zoom over 20
          "default/x/0/0/16/43/136.meta",
          "default/2/0/0/0/0/136.meta", // x, y beyond 2^z
          "default/9/0/0/16/43/131.meta", // origin not a multiple of 8
          "default/9/0/0/16/43/136..meta", // empty options
        }) {
      assertThat(MetatilePath.parse(DIR, DIR.resolve(bad))).as(bad).isEmpty();
    }
    assertThat(MetatilePath.parse(DIR, Path.of("/elsewhere/default/0/0/0/0/0/0.meta"))).isEmpty();
  }

  @Test
  void relative_stylesThatWouldEscapeTheTileDir_areRejected() {
    MetatileCoord origin = MetatileCoord.containing(0, 0, 0);
    for (String style : new String[] {"", "..", ".hidden", "a/b", "a\0b", "x".repeat(41)}) {
      assertThatThrownBy(() -> MetatilePath.relative(style, "", origin))
          .as(style)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("style must be non-empty");
    }
    assertThatThrownBy(() -> MetatilePath.relative("osm", "../../etc", origin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("options must be");
  }
}
