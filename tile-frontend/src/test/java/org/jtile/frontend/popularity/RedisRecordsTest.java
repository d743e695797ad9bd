package org.jtile.frontend.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.TileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.testing.Ports;
import org.jtile.testing.Redis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Two frontends on different hosts sharing their popularity records through Debian's redis-server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisRecordsTest {
  private static final TileCoord A = new MetatileCoord(10, 512, 336).tile(0, 0);
  private static final TileCoord D = new MetatileCoord(10, 528, 336).tile(0, 0);

  @TempDir Path dir;

  private static PopularityConfig config(String name, String redis) {
    return new PopularityConfig(true, Optional.empty(), name, 10_000, 1000, Duration.ofDays(7), Duration.ofHours(1),
        true, 1.0, 1, Duration.ofSeconds(30), redis);
  }

  private static int views(Popularity p, TileCoord tile) {
    PopularityRecord merged = p.merged().orElseThrow();
    return merged.estimate("default", tile.metatile());
  }

  @Test
  void eachFrontendsViews_reachTheOthersRefresh() throws Exception {
    try (Redis redis = Redis.start(dir)) {
      Popularity a = Popularity.start(config("front-a", redis.uri()), Clock.systemUTC());
      Popularity b = Popularity.start(config("front-b", redis.uri()), Clock.systemUTC());
      try {
        for (int i = 0; i < 12; i++) {
          a.viewed("default", "", A);
        }
        for (int i = 0; i < 40; i++) {
          b.viewed("default", "", D);
        }
        b.close(); // its last save stores it
        assertThat(views(a, D)).as("b's views in a's merged record").isEqualTo(40);
        assertThat(views(a, A)).isEqualTo(12);
      } finally {
        a.close();
      }
      Popularity b2 = Popularity.start(config("front-b", redis.uri()), Clock.systemUTC());
      try {
        assertThat(views(b2, A)).as("a's views, stored at its close").isEqualTo(12);
        assertThat(views(b2, D)).as("its own old record is not merged into its new one").isZero();
      } finally {
        b2.close();
      }
    }
  }

  @Test
  void aRecordInRedisThatCannotBeRead_isLeftOutWithOneLine() throws Exception {
    try (Redis redis = Redis.start(dir)) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().set(RedisRecords.PREFIX + "broken", "garbage");
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      ListAppender<ILoggingEvent> logged = listen();
      Popularity a = Popularity.start(config("front-a", redis.uri()), Clock.systemUTC());
      try {
        a.viewed("default", "", A);
        assertThat(views(a, A)).isEqualTo(1);
      } finally {
        a.close();
        stopListening(logged);
      }
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("popularity: popularity record jtile:popularity:broken in Redis left out: "
              + "not a popularity record (no JTPOP header)");
    }
  }

  /** Redis away: views are counted and refreshes order by this frontend's own; the outage is logged once. */
  @Test
  void redisAway_countsGoOn_andTheOutageIsLoggedOnce() throws Exception {
    ListAppender<ILoggingEvent> logged = listen();
    Popularity a = Popularity.start(config("front-a", "redis://127.0.0.1:" + Ports.free() + "/0"), Clock.systemUTC());
    try {
      a.viewed("default", "", A);
      assertThat(views(a, A)).isEqualTo(1);
      assertThat(views(a, A)).isEqualTo(1);
    } finally {
      a.close();
      stopListening(logged);
    }
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(1)
        .allMatch(m -> m.startsWith("popularity: Redis at redis://127.0.0.1:") && m.contains("unreachable"));
  }

  private static ListAppender<ILoggingEvent> listen() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    ((Logger) LoggerFactory.getLogger(Popularity.class)).addAppender(logged);
    return logged;
  }

  private static void stopListening(ListAppender<ILoggingEvent> logged) {
    ((Logger) LoggerFactory.getLogger(Popularity.class)).detachAppender(logged);
  }
}
