package org.jtile.mapnik;

import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One loaded Mapnik style: a native {@code mapnik::Map}. <b>Confined to one thread</b> as renderd
 * keeps one map per render thread: rendering changes the map's size, extent and buffer. Methods are
 * synchronized only so that a stray {@link #close} from another thread cannot free the map under a
 * render; there is no global lock, so N threads with N maps render in parallel.
 *
 * <p>{@link #close} frees the native map; a {@link Cleaner} frees it too if a map is dropped unclosed.
 */
final class MapnikMap implements AutoCloseable {
  /** The largest image one render may allocate: 16384² RGBA pixels is 1 GiB. */
  static final long MAX_PIXELS = 16384L * 16384L;

  private static final long ENCODE_TIMEOUT_SECONDS = 60;
  private static final Cleaner CLEANER = Cleaner.create();
  /** Per style path: the missing-font problem found by a strict load, or "". */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> FONT_CHECKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path style;
  private final State state;
  private final Cleaner.Cleanable cleanable;

  /** The native handle, shared with the cleaner (which must not reach the MapnikMap itself). */
  private static final class State implements Runnable {
    long handle;

    State(long handle) {
      this.handle = handle;
    }

    @Override
    public synchronized void run() {
      if (handle != 0) {
        MapnikNative.freeMap(handle);
        handle = 0;
      }
    }
  }

  private MapnikMap(Path style, long handle) {
    this.style = style;
    this.state = new State(handle);
    this.cleanable = CLEANER.register(this, state);
  }

  /**
   * Loads {@code style}; relative paths inside it resolve against its folder.
   *
   * @throws MapnikException the file is missing or invalid, or a datasource or font cannot be opened
   */
  public static MapnikMap load(Path style) {
    Mapnik.checkInitialised();
    if (!Files.isRegularFile(style)) {
      throw new MapnikException("Mapnik style does not exist: " + style);
    }
    String path = style.toAbsolutePath().toString();
    MapnikMap map = new MapnikMap(style, MapnikNative.loadMap(path));
    // C renderd loads leniently, and so do we; but a missing font face would only show as missing
    // labels, so a strict load is asked about fonts once per style and process.
    String fontProblem = FONT_CHECKS.computeIfAbsent(path, p -> {
      String problem = MapnikNative.strictProblem(p);
      return problem != null && problem.contains("font face") ? problem : "";
    });
    if (!fontProblem.isEmpty()) {
      map.close();
      throw new MapnikException("load_map: " + fontProblem);
    }
    return map;
  }

  public Path style() {
    return style;
  }

  /** The style's spatial reference system. */
  public synchronized String srs() {
    return MapnikNative.srs(handle());
  }

  /**
   * Renders a block of {@code across}×{@code down} tiles of {@code tileSize} pixels covering the
   * projected box, and encodes each tile in {@code format} (Mapnik's format string: png256, png32,
   * jpeg80, webp…).
   *
   * @param defaultBuffer the buffer in pixels to use if the style sets none
   * @param language parameterised-style options for the "language" function, "" for none
   * @param encoders helpers to encode tile columns alongside this thread, or null for none
   * @return tiles by column then row: {@code result[xx * down + yy]}
   */
  public synchronized byte[][] render(int across, int down, int tileSize, double scale, int defaultBuffer,
      double minX, double minY, double maxX, double maxY, String format, String language,
      ExecutorService encoders) {
    long pixels = (long) across * tileSize * (long) down * tileSize;
    if (across < 1 || down < 1 || tileSize < 1 || pixels > MAX_PIXELS) {
      throw new IllegalArgumentException("cannot render " + across + "x" + down + " tiles of " + tileSize
          + " px: size must be positive and at most " + MAX_PIXELS + " pixels");
    }
    if (!(scale > 0) || defaultBuffer < 0) {
      throw new IllegalArgumentException("scale must be > 0 and buffer >= 0: " + scale + ", " + defaultBuffer);
    }
    NativeImage image = new NativeImage(MapnikNative.renderImage(handle(), across * tileSize, down * tileSize,
        scale, defaultBuffer, minX, minY, maxX, maxY, language));
    try {
      return encode(image, across, down, tileSize, format, encoders);
    } finally {
      image.release();
    }
  }

  private static byte[][] encode(NativeImage image, int across, int down, int size, String format,
      ExecutorService encoders) {
    byte[][] tiles = new byte[across * down][];
    AtomicInteger nextColumn = new AtomicInteger();
    CountDownLatch columnsDone = new CountDownLatch(across);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable encodeColumns = () -> {
      for (int xx; (xx = nextColumn.getAndIncrement()) < across; ) {
        try {
          encodeColumn(image, tiles, xx, down, size, format);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          columnsDone.countDown();
        }
      }
    };
    if (encoders != null && across > 1) {
      // Helpers and this thread take columns from one counter, so nobody waits while work is left;
      // a helper that starts late finds nothing to do.
      for (int i = 1; i < across; i++) {
        encoders.execute(() -> {
          if (image.retain()) {
            try {
              encodeColumns.run();
            } finally {
              image.release();
            }
          }
        });
      }
    }
    encodeColumns.run();
    try {
      if (!columnsDone.await(ENCODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new MapnikException("encoding a metatile's tiles took over " + ENCODE_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MapnikException("interrupted while encoding");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return tiles;
  }

  private static void encodeColumn(NativeImage image, byte[][] tiles, int xx, int down, int size, String format) {
    for (int yy = 0; yy < down; yy++) {
      tiles[xx * down + yy] = image.encode(xx * size, yy * size, size, format);
    }
  }

  private long handle() {
    synchronized (state) {
      if (state.handle == 0) {
        throw new IllegalStateException("Mapnik map " + style + " is closed");
      }
      return state.handle;
    }
  }

  /** Frees the native map. Idempotent. */
  @Override
  public synchronized void close() {
    cleanable.clean();
  }
}
