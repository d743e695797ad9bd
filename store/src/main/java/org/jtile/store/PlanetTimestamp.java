package org.jtile.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the data was last imported, per style: the modification time of {@code
 * <tile_dir>/<style>/planet-import-complete}, else of {@code <tile_dir>/planet-import-complete}, else
 * three days ago (mod_tile's rule). A metatile older than this is stale. Stores other than files look the
 * timestamp up where they keep metatiles ({@link Source}), so staleness works the same for all.
 *
 * <p>mod_tile stats both files on every request; this caches each style's answer for one second, so a
 * busy server does two stats a second instead of two per tile, and a {@code touch} still takes effect
 * at once for any practical purpose.
 */
public final class PlanetTimestamp {
  public static final String FILE_NAME = "planet-import-complete";

  /** The assumed import time when no timestamp file exists: now minus this. */
  static final Duration DEFAULT_AGE = Duration.ofDays(3);

  private static final Duration REFRESH = Duration.ofSeconds(1);

  /** Where a store keeps its timestamps. */
  @FunctionalInterface
  public interface Source {
    /** The time of {@code <style>/planet-import-complete}, or of the root one for "", if there is one. */
    Optional<Instant> modified(String style);
  }

  private final Source source;
  private final Clock clock;
  /** Per style: the file's mtime if a file exists, and when that was looked up. */
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Instant> fileTime, Instant checkedAt) {}

  public PlanetTimestamp(Path tileDir, Clock clock) {
    this(style -> modified(style.isEmpty() ? tileDir.resolve(FILE_NAME) : tileDir.resolve(style).resolve(FILE_NAME)),
        clock);
  }

  public PlanetTimestamp(Source source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** The planet import time that decides whether a metatile of {@code style} is stale. */
  public Instant forStyle(String style) {
    Instant now = clock.instant();
    Cached cached = cache.get(style);
    if (cached == null || !now.isBefore(cached.checkedAt.plus(REFRESH))) {
      cached = new Cached(lookUp(style), now);
      cache.put(style, cached);
    }
    return cached.fileTime.orElse(now.minus(DEFAULT_AGE));
  }

  private Optional<Instant> lookUp(String style) {
    Optional<Instant> perStyle = source.modified(style);
    return perStyle.isPresent() ? perStyle : source.modified("");
  }

  private static Optional<Instant> modified(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // unreadable counts as absent, as a failed stat() does in mod_tile
      return Optional.empty();
    }
  }
}
