package org.jtile.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.jtile.metatile.MetatileCoord;
import org.jtile.store.MetatileKey;
import org.junit.jupiter.api.Test;

class S3LocationTest {
  @Test
  void storageString_andTheBrowsableKeyLayout() {
    S3Location l = S3Location.parse("s3://tiles/osm/v1?endpoint=http://127.0.0.1:9000&region=eu-west-1&path_style=true");
    assertThat(l).isEqualTo(new S3Location("tiles", "osm/v1", "http://127.0.0.1:9000", "eu-west-1", true, null, null));
    try (S3TileStore store = new S3TileStore("s3://tiles/osm/v1?endpoint=http://127.0.0.1:1&access_key=a&secret_key=b",
        Clock.systemUTC())) {
      assertThat(store.objectKey(new MetatileKey("osm", "", new MetatileCoord(9, 296, 184))))
          .isEqualTo("osm/v1/osm/9/296/184.meta");
      assertThat(store.objectKey(new MetatileKey("osm", "de", new MetatileCoord(3, 0, 0))))
          .isEqualTo("osm/v1/osm/3/0/0.de.meta");
    }
  }

  @Test
  void badStrings_nameTheProblem() {
    assertThatThrownBy(() -> S3Location.parse("s3:///prefix")).hasMessageContaining("names no bucket");
    assertThatThrownBy(() -> S3Location.parse("s3://b?colour=red")).hasMessageContaining("unknown s3 storage option 'colour'");
    assertThatThrownBy(() -> S3Location.parse("s3://b?access_key=x")).hasMessageContaining("both access_key and secret_key");
  }
}
