package org.jtile.frontend.popularity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code popularity} settings.
 *
 * @param directory where record files are kept; empty keeps this frontend's in memory only
 * @param name this frontend's file name, without {@code .pop}
 * @param metatiles distinct metatiles the counts are sized for
 * @param top the most-viewed metatiles kept by name
 * @param refreshShare a refresh stops at the metatiles carrying this share of all views
 * @param inFlight bulk renders a refresh asks for at once
 * @param redis a Redis URI through which frontends on several hosts share their records ("" for none)
 */
public record PopularityConfig(boolean enabled, Optional<Path> directory, String name, long metatiles, int top,
    Duration halfLife, Duration saveInterval, boolean refresh, double refreshShare, int inFlight,
    Duration refreshInterval, String redis) {

  public static final PopularityConfig OFF = new PopularityConfig(false, Optional.empty(), "frontend", 1024, 16,
      Duration.ofDays(7), Duration.ofMinutes(5), false, 0.95, 1, Duration.ofSeconds(30), "");

  /** Where this frontend's record is written, if anywhere. */
  public Optional<Path> file() {
    return directory.map(d -> d.resolve(name + org.jtile.popularity.RecordFile.SUFFIX));
  }
}
