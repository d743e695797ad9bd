package org.jtile.store.file;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jtile.metatile.MetatileFormatException;
import org.jtile.metatile.MetatileReader;
import org.jtile.metatile.TileData;
import org.jtile.store.MetatileKey;
import org.jtile.store.PlanetTimestamp;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;

/**
 * mod_tile's file store ({@code store_file.c}): one file per metatile at the hashed path under the
 * tile directory, so caches written by C renderd and by jtile are interchangeable.
 *
 * <p>Writes go to a uniquely named temporary file in the metatile's own directory and are renamed
 * over the old file: a reader has either the old metatile or the new one open, never half of one.
 * Expired is mod_tile's representation: a modification time older than the planet import; {@link
 * #expire} back-dates the file by 20 years, exactly as {@code render_expired --touch-from} does.
 */
public final class FileTileStore implements TileStore {
  private final Path tileDir;
  private final PlanetTimestamp planet;

  public FileTileStore(Path tileDir, Clock clock) {
    this.tileDir = tileDir.toAbsolutePath().normalize();
    this.planet = new PlanetTimestamp(this.tileDir, clock);
  }

  public Path tileDir() {
    return tileDir;
  }

  /** The metatile file of {@code key}. */
  public Path path(MetatileKey key) {
    return MetatilePath.of(tileDir, key.style(), key.options(), key.coord());
  }

  @Override
  public Optional<TileData> read(TileKey key) throws IOException {
    Path file = path(key.metatile());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return MetatileReader.readTile(channel, key.tile().slot());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (MetatileFormatException e) {
      throw new MetatileFormatException(file + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<Stored> readMetatile(MetatileKey key) throws IOException {
    Path file = path(key);
    TileStat stat = stat(new TileKey(key.style(), key.options(), key.coord().tile(0, 0)));
    if (!stat.exists()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stored(Files.readAllBytes(file), stat));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public TileStat stat(TileKey key) throws IOException {
    Path file = path(key.metatile());
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return TileStat.MISSING;
    }
    Instant modified = attributes.lastModifiedTime().toInstant();
    return new TileStat(attributes.size(), modified, modified.isBefore(planet.forStyle(key.style())));
  }

  /**
   * One access(2), no exception for a missing file: most of an expire list was never viewed, so most
   * answers are "no". A file that cannot be checked counts as missing, as mod_tile's failed stat does.
   */
  @Override
  public boolean exists(MetatileKey key) {
    return Files.exists(path(key));
  }

  @Override
  public void write(MetatileKey key, byte[] metatile) throws IOException {
    Path file = path(key);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(metatile);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
      moveAtomically(temp, file);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("failed to write metatile " + file + ": " + e.getMessage(), e);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically", e);
    }
  }

  @Override
  public boolean delete(MetatileKey key) throws IOException {
    return Files.deleteIfExists(path(key));
  }

  /**
   * Through java.io.File, which answers a missing file with 0 instead of an exception, and sets the time
   * with utimes(2) by path: three system calls for a metatile that exists, one for a missing one (most
   * of an expire list), where NIO takes five and an exception. A file that cannot be stat'ed counts as
   * missing, as mod_tile's failed stat does; one whose time cannot be set is an error.
   */
  @Override
  public boolean expire(MetatileKey key) throws IOException {
    File file = path(key).toFile();
    long modified = file.lastModified();
    if (modified == 0) {
      return false;
    }
    Optional<Instant> backDated = Expiry.backDate(Instant.ofEpochMilli(modified));
    if (backDated.isPresent() && !file.setLastModified(backDated.get().toEpochMilli())) {
      if (!file.exists()) {
        return false; // deleted meanwhile
      }
      throw new IOException("cannot set the modification time of " + file);
    }
    return true;
  }

  @Override
  public String id(TileKey key) {
    return "file://" + path(key.metatile());
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "file store " + tileDir;
  }
}
