package org.jtile.frontend.warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;

/**
 * The request path run hot before the listeners open. A just-started JVM interprets it and its server
 * has no threads or buffers pooled yet; the first burst of clients (a restart under load, a map page
 * opened by a crowd) would wait hundreds of milliseconds for them. The frontend first serves generated
 * tiles out of a temporary directory to itself, over a private loopback listener and bursts of new
 * connections: the same classes, threads and buffer pools as its clients will use, without touching
 * their layers' counters, hot tiles, the access log or renderd.
 */
public final class WarmUp {
  /** What the warm-up did. */
  public record Report(int requests, int errors, Duration took) {}

  /** Connections a burst opens at once: the size of burst it prepares for. */
  private static final int BURST = 500;
  /** A zoom whose metatiles are few enough to write in an instant and many enough not to be one file. */
  private static final int ZOOM = 5;
  private static final int TILE_BYTES = 12_000;

  private WarmUp() {}

  /** A frontend serving generated tiles out of {@code dir}, which it fills. */
  public static FrontendConfig config(Path dir) throws IOException {
    writeTiles(dir);
    return FrontendConfig.of(List.of(Layer.simple("/warm-up/", "warm-up", dir.toString())), Optional.empty(),
        RenderPolicy.DEFAULT).withHttp(HttpSettings.loopback());
  }

  /** Bursts of new connections to a frontend on {@code port} serving {@link #config}, until {@code budget}. */
  public static Report drive(int port, Duration budget) throws IOException {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    int requests = 0;
    int errors = 0;
    for (int round = 0; System.nanoTime() < deadline; round++) {
      int offset = round * BURST;
      long left = (deadline - System.nanoTime()) / 1_000_000;
      ConnectionBurst.Result burst = ConnectionBurst.run(port, BURST,
          i -> "/warm-up/" + ZOOM + "/" + ((offset + i) % 32) + "/" + ((offset + i) / 32 % 32) + ".png",
          Math.max(left, 1000));
      requests += burst.ok();
      errors += burst.errors().size();
    }
    return new Report(requests, errors, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void writeTiles(Path dir) throws IOException {
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    byte[][] tiles = new byte[Metatile.COUNT][];
    Arrays.fill(tiles, new byte[TILE_BYTES]);
    for (int x = 0; x < 32; x += Metatile.SIZE) {
      for (int y = 0; y < 32; y += Metatile.SIZE) {
        MetatileCoord coord = MetatileCoord.containing(ZOOM, x, y);
        store.write(new MetatileKey("warm-up", "", coord), MetatileWriter.write(coord, tiles));
      }
    }
  }

  /** Deletes what {@link #config} wrote. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
