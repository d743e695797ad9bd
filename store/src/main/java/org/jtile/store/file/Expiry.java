package org.jtile.store.file;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * mod_tile's way of marking a metatile file expired ({@code file_metatile_expire}): move its
 * modification time back 20 years, so it is older than any planet import.
 *
 * <p>The C code breaks the time down as UTC ({@code gmtime}), subtracts 20 from the year and converts
 * back with {@code mktime}, which reads it as <em>local standard</em> time: {@code gmtime} left {@code
 * tm_isdst} at 0, so summer dates get the winter offset. Reproduced here to the second so that files
 * expired by either implementation carry the same time. A file already dated 2005 or earlier is left alone, which
 * makes expiring twice harmless.
 */
final class Expiry {
  private static final int BACK_YEARS = 20;
  private static final int ALREADY_EXPIRED_YEAR = 2005;

  private Expiry() {}

  /** The back-dated time for a file modified at {@code modified}, or empty if it is already old. */
  static Optional<Instant> backDate(Instant modified) {
    return backDate(modified, ZoneId.systemDefault());
  }

  /** As {@link #backDate(Instant)} in the time zone {@code local} that {@code mktime} would use. */
  static Optional<Instant> backDate(Instant modified, ZoneId local) {
    LocalDateTime utc = LocalDateTime.ofInstant(modified.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    if (utc.getYear() <= ALREADY_EXPIRED_YEAR) {
      return Optional.empty();
    }
    LocalDateTime backDated = utc.minusYears(BACK_YEARS);
    ZoneOffset standard = local.getRules().getStandardOffset(backDated.atZone(local).toInstant());
    return Optional.of(backDated.toInstant(standard));
  }
}
