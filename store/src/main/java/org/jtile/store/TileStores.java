package org.jtile.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jtile.store.file.FileTileStore;

/** Opens a {@link TileStore} from mod_tile's storage string (a layer's TILEDIR). */
public final class TileStores {
  private TileStores() {}

  /**
   * The store for {@code storage}: an absolute path opens the file store on that directory.
   *
   * @throws IllegalArgumentException the string names no backend, or a directory that does not exist,
   *     with mod_tile's wording
   */
  public static TileStore open(String storage, Clock clock) {
    if (storage == null || storage.isEmpty()) {
      throw new IllegalArgumentException("storage string is empty");
    }
    if (storage.startsWith("/")) {
      Path dir = Path.of(storage);
      if (!Files.exists(dir)) {
        throw new IllegalArgumentException("tile directory " + storage + " does not exist");
      }
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(storage + " is not a directory");
      }
      return new FileTileStore(dir, clock);
    }
    throw new IllegalArgumentException("no valid storage backend found for \"" + storage + "\"");
  }
}
