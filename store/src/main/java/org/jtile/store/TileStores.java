package org.jtile.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jtile.store.chain.ChainTileStore;
import org.jtile.store.file.FileTileStore;
import org.jtile.store.memcached.MemcachedTileStore;
import org.jtile.store.memory.MemoryTileStore;
import org.jtile.store.s3.S3TileStore;

/**
 * Opens a {@link TileStore} from mod_tile's storage string (a layer's TILEDIR): an absolute path for the
 * file store, {@code memcached://…} (mod_tile's layout), and jtile's {@code s3://bucket/prefix?…}, {@code
 * memory:<size>:<storage>} (a byte-bounded LRU in front of another store)
 * and {@code chain:<storage>|<storage>|…} (layers from fastest to the primary, which comes last).
 */
public final class TileStores {
  private TileStores() {}

  /**
   * The store for {@code storage}.
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
    if (storage.startsWith("memcached://")) {
      try {
        return new MemcachedTileStore(storage.substring("memcached://".length()), clock);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot reach memcached " + storage + ": " + e.getMessage(), e);
      }
    }
    if (storage.startsWith("s3://")) {
      return new S3TileStore(storage, clock);
    }
    if (storage.startsWith("memory:")) {
      String rest = storage.substring("memory:".length());
      int colon = rest.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("memory storage must be memory:<size>:<storage>, e.g. "
            + "memory:64MiB:/var/cache/jtile/tiles: " + storage);
      }
      return new MemoryTileStore(bytes(rest.substring(0, colon)), open(rest.substring(colon + 1), clock));
    }
    if (storage.startsWith("chain:")) {
      List<TileStore> stores = new ArrayList<>();
      try {
        for (String part : storage.substring("chain:".length()).split("\\|")) {
          stores.add(open(part, clock));
        }
        return new ChainTileStore(stores);
      } catch (IllegalArgumentException e) {
        closeAll(stores);
        throw e;
      }
    }
    throw new IllegalArgumentException("no valid storage backend found for \"" + storage + "\"");
  }

  /** A size like {@code 64MiB}, {@code 500MB}, {@code 1G} or plain bytes. */
  static long bytes(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
        {"MB", "1000000"}, {"GB", "1000000000"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("memory storage size must be like 64MiB: " + text);
    }
  }

  private static void closeAll(List<TileStore> stores) {
    for (TileStore store : stores) {
      try {
        store.close();
      } catch (IOException ignored) {
        // giving up on a half-opened chain
      }
    }
  }
}
