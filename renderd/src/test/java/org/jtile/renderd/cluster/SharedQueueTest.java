package org.jtile.renderd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jtile.config.ClusterConfig;
import org.jtile.protocol.Command;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.testing.Poll;
import org.jtile.testing.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The farm's queue scripts against Debian's redis-server: two hosts, a and b, on one Redis. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedQueueTest {
  @TempDir static Path dir;
  private static Redis redis;
  private static int farm;

  private final List<String> done = new CopyOnWriteArrayList<>();
  private SharedQueue a;
  private SharedQueue b;

  @BeforeAll
  static void startRedis() {
    redis = Redis.start(dir);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  /** Each test its own farm: its own key prefix on the one Redis. */
  @BeforeEach
  void join() {
    String prefix = "t" + ++farm;
    a = host("a", prefix, 19);
    b = host("b", prefix, 19);
  }

  @AfterEach
  void leave() {
    a.close();
    b.close();
  }

  private SharedQueue host(String name, String prefix, int maxSkips) {
    ClusterConfig config = new ClusterConfig(redis.uri(), name, Duration.ofSeconds(2), prefix, true);
    return new SharedQueue(config, maxSkips, new SharedQueue.Listener() {
      @Override
      public void work() {}

      @Override
      public void done(JobKey key, Command result) {
        done.add(name + " " + result + " " + SharedQueue.keyString(key));
      }
    });
  }

  private static JobKey key(int x) {
    return new JobKey("osm", 10, 8 * x, 0);
  }

  private static String enqueue(SharedQueue host, JobKey key, Priority p, String client) throws Exception {
    return host.enqueue(key, "", p, client).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static List<Integer> takeAll(SharedQueue host) {
    List<Integer> taken = new ArrayList<>();
    for (SharedQueue.Taken t; (t = host.take()) != null; ) {
      taken.add(t.key().x() / 8);
    }
    return taken;
  }

  @Test
  void oneMetatileAtTwoHosts_isOneJob() throws Exception {
    assertThat(enqueue(a, key(1), Priority.RENDER, "c1")).isEqualTo("queued");
    assertThat(enqueue(b, key(1), Priority.RENDER, "c2")).isEqualTo("attached");
    SharedQueue.Taken taken = b.take();
    assertThat(taken).isEqualTo(new SharedQueue.Taken(key(1), Priority.RENDER, ""));
    assertThat(a.take()).isNull();
    assertThat(enqueue(a, key(1), Priority.PRIO, "c3")).as("while rendering").isEqualTo("attached");

    b.complete(key(1), Command.DONE, true);
    assertThat(Poll.until(Duration.ofSeconds(5), () -> done.size() == 2)).isTrue();
    assertThat(done).containsExactlyInAnyOrder("a DONE osm/10/8/0", "b DONE osm/10/8/0");
    assertThat(a.sizes()).containsExactly(0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void classesAreServedInOrder_andAWaitingJobMovesUp() throws Exception {
    enqueue(a, key(1), Priority.BULK, "c");
    enqueue(a, key(2), Priority.DIRTY, "c");
    enqueue(b, key(3), Priority.LOW, "c");
    enqueue(b, key(4), Priority.RENDER, "c");
    enqueue(a, key(5), Priority.PRIO, "c");
    assertThat(enqueue(b, key(1), Priority.RENDER, "d")).isEqualTo("promoted");
    assertThat(takeAll(a)).containsExactly(5, 4, 1, 3, 2);
  }

  /** Start-time fair queueing across hosts: a client with one job goes ahead of another's backlog. */
  @Test
  void clientsTakeTurns_acrossHosts() throws Exception {
    for (int i = 0; i < 10; i++) {
      enqueue(a, key(i), Priority.BULK, "downloader");
    }
    enqueue(b, key(100), Priority.BULK, "viewer");
    enqueue(b, key(101), Priority.BULK, "viewer");
    assertThat(takeAll(b).subList(0, 4)).containsExactly(0, 100, 1, 101);
  }

  /** The lower-class share, as one host's queue has it: a waiting class gets a turn after maxSkips. */
  @Test
  void aLowerClass_getsATurn_afterBeingPassedOver() throws Exception {
    SharedQueue strict = host("s", "share" + farm, 2);
    try (strict) {
      for (int i = 0; i < 6; i++) {
        enqueue(strict, key(i), Priority.RENDER, "c");
      }
      enqueue(strict, key(50), Priority.BULK, "c");
      assertThat(takeAll(strict)).containsExactly(0, 1, 50, 2, 3, 4, 5);
    }
  }

  @Test
  void anExpiredLease_isTakenOver_andTheOldHoldersEndDoesNotDropIt() throws Exception {
    enqueue(a, key(1), Priority.RENDER, "c");
    assertThat(a.take().key()).isEqualTo(key(1));
    assertThat(a.reap(100)).as("lease still running").isZero();
    assertThat(a.renew(List.of(key(1)))).isEqualTo(1);

    Thread.sleep(2100); // a stops renewing: as if it died
    assertThat(b.reap(100)).isEqualTo(1);
    assertThat(b.sizes()).containsExactly(0, 1, 0, 0, 0, 0, 1);
    SharedQueue.Taken again = b.take();
    assertThat(again.key()).isEqualTo(key(1));
    assertThat(a.renew(List.of(key(1)))).as("a no longer holds it").isZero();

    a.complete(key(1), Command.NOT_DONE, true); // a's late failure: b's lease stays
    assertThat(b.sizes()[5]).isEqualTo(1);
    b.complete(key(1), Command.DONE, true);
    assertThat(b.sizes()).containsExactly(0, 0, 0, 0, 0, 0, 1);
  }

  /** A host that rendered its own copy alone (Redis was away) clears the waiting copy with its Done. */
  @Test
  void aDoneFromAHostRenderingAlone_clearsTheWaitingCopy() throws Exception {
    enqueue(a, key(1), Priority.DIRTY, "c");
    b.complete(key(1), Command.DONE, false);
    assertThat(a.take()).isNull();
    enqueue(a, key(2), Priority.DIRTY, "c");
    b.complete(key(2), Command.NOT_DONE, false);
    assertThat(a.take().key()).as("a failure elsewhere leaves it queued").isEqualTo(key(2));
  }

  /** Whatever else is published on the channels is ignored: the hosts' waiters are answered by real ends only. */
  @Test
  void garbageOnTheDoneChannel_isIgnored() throws Exception {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String channel = "t" + farm + ":done";
      for (String junk : List.of("", "|", "DONE|", "BOGUS|osm/10/8/0", "DONE|osm/x/8/0", "RENDER|osm/10/8/0")) {
        c.sync().publish(channel, junk);
      }
      c.sync().publish(channel, "IGNORE|osm/10/16/0");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    assertThat(Poll.until(Duration.ofSeconds(5), () -> done.size() == 2)).isTrue();
    assertThat(done).containsExactlyInAnyOrder("a IGNORE osm/10/16/0", "b IGNORE osm/10/16/0");
  }

  @Test
  void jobKeys_roundTrip_andGarbageIsNoKey() {
    JobKey key = new JobKey("a/b", 3, 0, 8);
    assertThat(SharedQueue.parseKey(SharedQueue.keyString(key))).isEqualTo(key);
    assertThat(SharedQueue.parseKey("osm/1/2")).isNull();
    assertThat(SharedQueue.parseKey("osm/z/2/3")).isNull();
    assertThat(SharedQueue.parseKey("")).isNull();
    assertThat(SharedQueue.parseKey("///")).isNull();
  }
}
