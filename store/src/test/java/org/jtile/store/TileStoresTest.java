package org.jtile.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileStoresTest {
  @TempDir Path dir;

  @Test
  void open_absolutePath_isTheFileStore() throws Exception {
    try (TileStore store = TileStores.open(dir.toString(), Clock.systemUTC())) {
      assertThat(store).isInstanceOf(FileTileStore.class);
    }
  }

  @Test
  void open_badStrings_failWithAClearMessage() throws Exception {
    Path file = Files.createFile(dir.resolve("file"));
    assertThatThrownBy(() -> TileStores.open("", Clock.systemUTC())).hasMessage("storage string is empty");
    assertThatThrownBy(() -> TileStores.open("invalid", Clock.systemUTC()))
        .hasMessage("no valid storage backend found for \"invalid\"");
    assertThatThrownBy(() -> TileStores.open(dir + "/nope", Clock.systemUTC()))
        .hasMessage("tile directory " + dir + "/nope does not exist");
    assertThatThrownBy(() -> TileStores.open(file.toString(), Clock.systemUTC()))
        .hasMessage(file + " is not a directory");
  }
}
