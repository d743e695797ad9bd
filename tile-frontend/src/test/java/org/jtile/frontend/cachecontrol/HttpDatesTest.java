package org.jtile.frontend.cachecontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.eclipse.jetty.http.DateGenerator;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  @Test
  void sameTextAsJettysDateGenerator() {
    assertThat(HttpDates.format(784111777)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    SplittableRandom random = new SplittableRandom(7);
    long now = Instant.parse("2026-12-05T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      // mostly within a few days of each other, as Expires values are, and some anywhere until 2100
      long second = i % 10 == 0 ? random.nextLong(4_102_444_800L) : now + random.nextLong(3 * 86400);
      assertThat(HttpDates.format(second)).as("%d", second)
          .isEqualTo(DateGenerator.formatDate(Instant.ofEpochSecond(second)));
    }
  }
}
