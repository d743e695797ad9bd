package org.jtile.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileReader;
import org.jtile.metatile.MetatileWriter;
import org.jtile.metatile.TileData;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.file.FileTileStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Extracting one tile from a metatile: from an open file (the positional reads alone), from bytes in
 * memory, and through the file store (open, two reads, close: what a cache miss costs the frontend).
 * Tiles are 12 KB, about a typical png256 tile; the file is in the page cache.
 *
 * <p>Run: {@code bench/jmh.sh TileReadBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TileReadBenchmark {
  private Path dir;
  private FileChannel channel;
  private ByteBuffer inMemory;
  private FileTileStore store;
  private int slot;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("jtile-bench");
    Random random = new Random(1);
    byte[][] tiles = new byte[64][];
    for (int i = 0; i < 64; i++) {
      tiles[i] = new byte[12_000];
      random.nextBytes(tiles[i]);
    }
    MetatileKey key = MetatileKey.containing("default", 12, 2200, 1343);
    byte[] metatile = MetatileWriter.write(key.coord(), tiles);
    store = new FileTileStore(dir, Clock.systemUTC());
    store.write(key, metatile);
    channel = FileChannel.open(store.path(key));
    inMemory = ByteBuffer.wrap(metatile);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    channel.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Optional<TileData> openChannel() throws IOException {
    slot = (slot + 7) & 63;
    return MetatileReader.readTile(channel, slot);
  }

  @Benchmark
  public Optional<TileData> memory() throws IOException {
    slot = (slot + 7) & 63;
    return MetatileReader.readTile(inMemory, slot);
  }

  @Benchmark
  public Optional<TileData> fileStore() throws IOException {
    slot = (slot + 7) & 63;
    MetatileCoord origin = new MetatileCoord(12, 2200, 1336);
    return store.read(new TileKey("default", "", origin.tile(slot >> 3, slot & 7)));
  }
}
