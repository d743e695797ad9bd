package org.jtile.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;

/**
 * Input for {@code bench/render-expired-vs-c.sh}: an expire list of z15-17 lines over a region (fixed seed)
 * and a fresh cache of tiny metatiles covering that region at z15-17.
 *
 * <p>{@code ExpireBenchData [--cache-only] LIST TILE_DIR LINES}
 */
public final class ExpireBenchData {
  /** The region: 2000x2000 tiles at z17 from this corner (about central Europe). */
  private static final int X17 = 68_000;
  private static final int Y17 = 44_000;
  private static final int SIDE17 = 2000;

  private ExpireBenchData() {}

  public static void main(String[] args) throws IOException {
    boolean cacheOnly = args[0].equals("--cache-only");
    int a = cacheOnly ? 1 : 0;
    Path list = Path.of(args[a]);
    Path tiles = Path.of(args[a + 1]);
    long lines = Long.parseLong(args[a + 2]);
    if (!cacheOnly) {
      writeList(list, lines);
    }
    writeCache(tiles);
  }

  private static void writeList(Path list, long lines) throws IOException {
    Random random = new Random(1);
    try (BufferedWriter out = Files.newBufferedWriter(list, StandardCharsets.US_ASCII)) {
      for (long i = 0; i < lines; i++) {
        int z = 15 + random.nextInt(3);
        int shift = 17 - z;
        int x = (X17 + random.nextInt(SIDE17)) >> shift;
        int y = (Y17 + random.nextInt(SIDE17)) >> shift;
        out.write(z + "/" + x + "/" + y + "\n");
      }
    }
  }

  private static void writeCache(Path tiles) throws IOException {
    if (Files.exists(tiles)) {
      try (Stream<Path> old = Files.walk(tiles)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tiles);
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    byte[][] bytes = new byte[64][];
    Arrays.fill(bytes, new byte[] {1});
    FileTime rendered = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(Files.writeString(tiles.resolve("planet-import-complete"), ""),
        FileTime.from(Instant.now().minusSeconds(7200)));
    for (int z = 15; z <= 17; z++) {
      int shift = 17 - z;
      for (int x = (X17 >> shift) & ~7; x <= (X17 + SIDE17) >> shift; x += 8) {
        for (int y = (Y17 >> shift) & ~7; y <= (Y17 + SIDE17) >> shift; y += 8) {
          MetatileKey key = new MetatileKey("default", "", new MetatileCoord(z, x, y));
          store.write(key, MetatileWriter.write(key.coord(), bytes));
          Files.setLastModifiedTime(store.path(key), rendered);
        }
      }
    }
  }
}
