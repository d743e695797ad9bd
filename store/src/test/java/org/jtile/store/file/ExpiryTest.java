package org.jtile.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ExpiryTest {
  @Test
  void backDate_takesTwentyYearsOffTheUtcCalendar_readBackAsLocalTime() {
    Instant written = Instant.parse("2024-06-01T12:00:00.700Z");
    assertThat(Expiry.backDate(written, ZoneId.of("UTC"))).contains(Instant.parse("2004-06-01T12:00:00Z"));
    // mktime reads the broken-down time as local standard time (tm_isdst = 0): CET, even in June
    assertThat(Expiry.backDate(written, ZoneId.of("Europe/Berlin")))
        .contains(Instant.parse("2004-06-01T11:00:00Z"));
    assertThat(Expiry.backDate(Instant.parse("2024-01-10T12:00:00Z"), ZoneId.of("Europe/Berlin")))
        .contains(Instant.parse("2004-01-10T11:00:00Z"));
  }

  @Test
  void backDate_alreadyOld_isLeftAlone() {
    assertThat(Expiry.backDate(Instant.parse("2005-12-31T23:59:59Z"), ZoneId.of("UTC"))).isEmpty();
    assertThat(Expiry.backDate(Instant.parse("2006-01-01T00:00:00Z"), ZoneId.of("UTC")))
        .contains(Instant.parse("1986-01-01T00:00:00Z"));
  }
}
