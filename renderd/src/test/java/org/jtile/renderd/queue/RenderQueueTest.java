package org.jtile.renderd.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.config.QueueConfig;
import org.jtile.protocol.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RenderQueueTest {
  private long now;
  private RenderQueue queue = new RenderQueue(new QueueConfig(4, 3, 0));
  private final Object clientA = "A";
  private final Object clientB = "B";

  @AfterEach
  void invariantsHold() {
    queue.checkInvariants();
  }

  private static JobKey key(int i) {
    return new JobKey("default", 10, i * 8, 0);
  }

  /** A waiter that records what it was answered. */
  static final class Recorder implements Waiter {
    final List<Command> answers = new ArrayList<>();

    @Override
    public synchronized void answer(Command result) {
      answers.add(result);
    }
  }

  private Job take() throws InterruptedException {
    return queue.take(0, TimeUnit.MILLISECONDS);
  }

  @Test
  void take_servesClassesInModTilesOrder() throws Exception {
    queue.enqueue(key(1), "", Priority.BULK, clientA, null);
    queue.enqueue(key(2), "", Priority.DIRTY, clientA, null);
    queue.enqueue(key(3), "", Priority.LOW, clientA, null);
    queue.enqueue(key(4), "", Priority.RENDER, clientA, null);
    queue.enqueue(key(5), "", Priority.PRIO, clientA, null);
    List<Priority> order = new ArrayList<>();
    for (Job job; (job = take()) != null; ) {
      order.add(job.priority());
      queue.complete(job, 1);
    }
    assertThat(order).containsExactly(Priority.PRIO, Priority.RENDER, Priority.LOW, Priority.DIRTY, Priority.BULK);
  }

  @Test
  void duplicates_waitingOrRendering_shareOneJob_andAllWaitersGetTheResult() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    Recorder third = new Recorder();
    assertThat(queue.enqueue(key(1), "", Priority.PRIO, clientA, first)).isEqualTo(EnqueueResult.QUEUED);
    assertThat(queue.enqueue(key(1), "en", Priority.PRIO, clientB, second)).isEqualTo(EnqueueResult.ATTACHED);
    Job job = take();
    assertThat(take()).isNull();
    assertThat(queue.enqueue(key(1), "", Priority.BULK, clientB, third)).isEqualTo(EnqueueResult.ATTACHED);
    assertThat(take()).as("a rendering job is not queued again").isNull();
    List<Waiter> waiters = queue.complete(job, 5);
    assertThat(waiters).containsExactly(first, second, third);
    assertThat(queue.stats().attached()).isEqualTo(2);
  }

  @Test
  void fullClass_demotesToDirty_thenDrops() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(queue.enqueue(key(i), "", Priority.RENDER, clientA, new Recorder())).isEqualTo(EnqueueResult.QUEUED);
    }
    for (int i = 4; i < 7; i++) {
      assertThat(queue.enqueue(key(i), "", Priority.RENDER, clientA, new Recorder())).isEqualTo(EnqueueResult.DEMOTED);
    }
    assertThat(queue.enqueue(key(7), "", Priority.RENDER, clientA, new Recorder())).isEqualTo(EnqueueResult.DROPPED);
    assertThat(queue.enqueue(key(8), "", Priority.DIRTY, clientA, null)).isEqualTo(EnqueueResult.DROPPED);
    QueueStats stats = queue.stats();
    assertThat(stats.waiting().get(Priority.RENDER)).isEqualTo(4);
    assertThat(stats.waiting().get(Priority.DIRTY)).isEqualTo(3);
    assertThat(stats.demoted()).isEqualTo(3);
    assertThat(stats.dropped()).isEqualTo(2);
    // demoted jobs have no waiter: their clients were answered NotDone already
    Job demoted = null;
    for (Job job; (job = take()) != null; ) {
      demoted = job;
      List<Waiter> waiters = queue.complete(job, 1);
      if (job.priority() == Priority.DIRTY) {
        assertThat(waiters).isEmpty();
      }
    }
    assertThat(demoted.priority()).isEqualTo(Priority.DIRTY);
  }

  @Test
  void dirty_isAnsweredAtOnce_andNeverDuplicated() throws Exception {
    assertThat(queue.enqueue(key(1), "", Priority.DIRTY, clientA, new Recorder())).isEqualTo(EnqueueResult.DIRTY);
    assertThat(queue.enqueue(key(1), "", Priority.DIRTY, clientB, new Recorder())).isEqualTo(EnqueueResult.DIRTY);
    assertThat(queue.stats().waiting().get(Priority.DIRTY)).isEqualTo(1);
    assertThat(queue.complete(take(), 1)).isEmpty();
  }

  @Test
  void higherClassRequest_promotesAWaitingJob() throws Exception {
    Recorder bulk = new Recorder();
    Recorder prio = new Recorder();
    queue.enqueue(key(1), "", Priority.BULK, clientA, bulk);
    queue.enqueue(key(2), "", Priority.LOW, clientA, new Recorder());
    queue.enqueue(key(3), "", Priority.DIRTY, clientA, null);
    assertThat(queue.enqueue(key(1), "", Priority.PRIO, clientB, prio)).isEqualTo(EnqueueResult.PROMOTED);
    assertThat(queue.enqueue(key(3), "", Priority.RENDER, clientB, new Recorder())).isEqualTo(EnqueueResult.PROMOTED);
    queue.checkInvariants();
    Job first = take();
    assertThat(first.key()).isEqualTo(key(1));
    assertThat(first.priority()).isEqualTo(Priority.PRIO);
    assertThat(queue.complete(first, 1)).containsExactly(bulk, prio);
    assertThat(take().key()).isEqualTo(key(3));
    assertThat(queue.stats().promoted()).isEqualTo(2);
  }

  @Test
  void lowerClassRequest_attachesWithoutMovingTheJob() throws Exception {
    queue.enqueue(key(1), "", Priority.PRIO, clientA, new Recorder());
    assertThat(queue.enqueue(key(1), "", Priority.BULK, clientB, new Recorder())).isEqualTo(EnqueueResult.ATTACHED);
    assertThat(take().priority()).isEqualTo(Priority.PRIO);
  }

  @Test
  void promotion_intoAFullClass_attachesInstead() throws Exception {
    for (int i = 0; i < 4; i++) {
      queue.enqueue(key(i), "", Priority.PRIO, clientA, null);
    }
    queue.enqueue(key(9), "", Priority.BULK, clientA, null);
    assertThat(queue.enqueue(key(9), "", Priority.PRIO, clientB, new Recorder())).isEqualTo(EnqueueResult.ATTACHED);
    assertThat(queue.stats().waiting().get(Priority.BULK)).isEqualTo(1);
  }

  @Test
  void clientsWithTheSameDemand_takeTurns() throws Exception {
    queue = new RenderQueue(new QueueConfig(1000, 10, 0), () -> now);
    queue.enqueue(key(1), "", Priority.BULK, clientA, null);
    queue.enqueue(key(2), "", Priority.BULK, clientA, null);
    queue.enqueue(key(1000), "", Priority.BULK, clientB, null);
    queue.enqueue(key(1001), "", Priority.BULK, clientB, null);
    assertThat(takeFour()).containsExactly(clientA, clientB, clientA, clientB);
  }

  @Test
  void floodingClient_goesBehindAClientThatAsksLess() throws Exception {
    queue = new RenderQueue(new QueueConfig(1000, 10, 0), () -> now);
    for (int i = 0; i < 500; i++) {
      queue.enqueue(key(i), "", Priority.BULK, clientA, null);
    }
    queue.enqueue(key(1000), "", Priority.BULK, clientB, null);
    queue.enqueue(key(1001), "", Priority.BULK, clientB, null);
    assertThat(takeFour()).containsExactly(clientB, clientB, clientA, clientA);
  }

  /** The scenario: a scraper keeps 16 metatiles asked; a map user asks one now and then. */
  @Test
  void mapUser_goesAheadOfABulkDownloader_andTheDownloaderGetsEverythingElse() throws Exception {
    queue = new RenderQueue(QueueConfig.DEFAULT, () -> now);
    Object scraper = new Requester("127.0.0.2");
    Object user = new Requester("127.0.0.3");
    int next = 0;
    for (; next < 16; next++) {
      queue.enqueue(key(next), "", Priority.PRIO, scraper, null);
    }
    List<Object> served = new ArrayList<>();
    for (int second = 0; second < 30; second++) {
      if (second % 3 == 0) {
        queue.enqueue(new JobKey("default", 12, second * 8, 8), "", Priority.PRIO, user, null);
      }
      // ten renders a second; the scraper asks again as each of its renders ends
      for (int render = 0; render < 10; render++) {
        now += 100_000_000L;
        Job job = take();
        served.add(job.client);
        queue.complete(job, 100);
        if (job.client.equals(scraper)) {
          queue.enqueue(key(next++), "", Priority.PRIO, scraper, null);
        } else {
          assertThat(render).as("the user's render waited behind the scraper's").isZero();
        }
      }
    }
    assertThat(served.stream().filter(user::equals)).hasSize(10);
    assertThat(served.stream().filter(scraper::equals)).hasSize(290);
  }

  /** Fifty downloaders on one network count as one: the user on another goes first. */
  @Test
  void fiftyDownloadersOfOneNetwork_stillLetAMapUserThrough() throws Exception {
    queue = new RenderQueue(QueueConfig.DEFAULT, () -> now);
    for (int c = 1; c <= 50; c++) {
      queue.enqueue(key(c), "", Priority.PRIO, new Requester("127.0.1." + c), null);
    }
    int next = 100;
    for (int round = 0; round < 100; round++) {
      now += 100_000_000L;
      Job job = take();
      queue.complete(job, 100);
      queue.enqueue(key(next++), "", Priority.PRIO, job.client, null);
    }
    queue.enqueue(new JobKey("default", 12, 0, 8), "", Priority.PRIO, new Requester("127.0.0.3"), null);
    now += 1_000_000L;
    assertThat(take().client).isEqualTo(new Requester("127.0.0.3"));
  }

  @Test
  void requesters_areGroupedByNetwork() {
    assertThat(new Requester("127.0.1.7").network()).isEqualTo(new Requester("127.0.1.200").network())
        .isNotEqualTo(new Requester("127.0.2.7").network());
    assertThat(new Requester("2001:db8:1:2::/64").network()).isEqualTo(new Requester("2001:db8:1:3::/64").network())
        .isNotEqualTo(new Requester("2001:db8:2:2::/64").network());
    assertThat(new Requester("not an address").network()).isEqualTo(new Requester("not an address"));
  }

  @Test
  void anIdleClientsDemand_isForgotten() {
    Demand demand = new Demand(() -> now);
    for (int c = 0; c < 2000; c++) {
      demand.asked("client-" + c);
      now += 1_000_000L;
    }
    assertThat(demand.of("client-1999", now)).isGreaterThan(0);
    now += 20 * Demand.MEMORY_NANOS;
    for (int i = 0; i < 1024; i++) {
      demand.asked("late");
    }
    assertThat(demand.size()).isLessThanOrEqualTo(1);
  }

  @Test
  void demand_countsWhatWasAsked_andDecays() {
    Demand demand = new Demand(() -> now);
    demand.asked("a");
    demand.asked("a");
    demand.asked("b");
    assertThat(demand.of("a", now)).isEqualTo(2);
    now += Demand.MEMORY_NANOS;
    assertThat(demand.of("a", now)).isCloseTo(2 * Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(demand.of("b", now)).isCloseTo(Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
    demand.asked(new Requester("10.0.0.1"));
    demand.asked(new Requester("10.0.0.2"));
    assertThat(demand.ofNetwork(new Requester("10.0.0.9"), now)).isEqualTo(2);
  }

  private List<Object> takeFour() throws InterruptedException {
    List<Object> firstFour = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Job job = take();
      firstFour.add(job.client);
      queue.complete(job, 1);
    }
    return firstFour;
  }

  @Test
  void lowerClasses_getTheirShare_underSteadyInteractiveLoad() throws Exception {
    queue = new RenderQueue(new QueueConfig(1000, 1000, 0.05));
    for (int i = 0; i < 3; i++) {
      queue.enqueue(key(10_000 + i), "", Priority.BULK, clientB, null);
    }
    int taken = 0;
    int bulkAt = -1;
    int next = 0;
    while (bulkAt < 0 && taken < 100) {
      // interactive requests keep arriving faster than they are served
      queue.enqueue(key(next++), "", Priority.PRIO, clientA, null);
      queue.enqueue(key(next++), "", Priority.PRIO, clientA, null);
      Job job = take();
      taken++;
      if (job.priority() == Priority.BULK) {
        bulkAt = taken;
      }
      queue.complete(job, 1);
    }
    assertThat(bulkAt).isEqualTo(20);
  }

  @Test
  void strictPriority_withShareZero_starvesAsModTileDoes() throws Exception {
    queue.enqueue(key(100), "", Priority.BULK, clientB, null);
    for (int i = 0; i < 50; i++) {
      queue.enqueue(key(i % 4), "", Priority.PRIO, clientA, null);
      Job job = take();
      assertThat(job.priority()).isEqualTo(Priority.PRIO);
      queue.complete(job, 1);
    }
  }

  @Test
  void take_waitsForWork_andGivesUpAtTheTimeout() throws Exception {
    long start = System.nanoTime();
    assertThat(queue.take(50, TimeUnit.MILLISECONDS)).isNull();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    Thread producer = new Thread(() -> queue.enqueue(key(1), "", Priority.RENDER, clientA, null));
    producer.start();
    assertThat(queue.take(10, TimeUnit.SECONDS)).isNotNull();
    producer.join();
    queue.close();
  }

  @Test
  void close_returnsEveryWaitingClient_andRefusesMore() throws Exception {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    queue.enqueue(key(1), "", Priority.RENDER, clientA, a);
    queue.enqueue(key(2), "", Priority.BULK, clientA, b);
    Job rendering = take();
    assertThat(queue.close()).containsExactly(b);
    assertThat(queue.enqueue(key(3), "", Priority.PRIO, clientA, null)).isEqualTo(EnqueueResult.CLOSED);
    assertThat(queue.take(1, TimeUnit.SECONDS)).isNull();
    assertThat(queue.complete(rendering, 1)).containsExactly(a);
  }

  @Test
  void stats_countRendersPerClassAndZoom() throws Exception {
    queue.enqueue(key(1), "", Priority.LOW, clientA, null);
    queue.complete(take(), 42);
    QueueStats stats = queue.stats();
    assertThat(stats.rendered().get(Priority.LOW)).isEqualTo(1);
    assertThat(stats.renderMillis().get(Priority.LOW)).isEqualTo(42);
    assertThat(stats.renderedByZoom()[10]).isEqualTo(1);
    assertThat(stats.millisByZoom()[10]).isEqualTo(42);
  }

  /** A farm's end of a job rendered on another host: only a waiting job is ended here. */
  @Test
  void finish_endsAWaitingJob_butNotOneRenderingHere() throws Exception {
    Recorder waiting = new Recorder();
    Recorder rendering = new Recorder();
    queue.enqueue(key(1), "", Priority.RENDER, clientA, rendering);
    queue.enqueue(key(2), "", Priority.BULK, clientA, waiting);
    Job job = take();
    assertThat(job.key()).isEqualTo(key(1));
    assertThat(queue.finish(key(1))).isEmpty();
    assertThat(queue.finish(key(2))).containsExactly(waiting);
    assertThat(queue.finish(key(3))).isEmpty();
    assertThat(queue.stats().waiting().get(Priority.BULK)).isZero();
    assertThat(queue.complete(job, Command.DONE, 5)).containsExactly(rendering);
  }

  @Test
  void waitingSince_listsOnlyWaitingJobsMadeByThen() throws Exception {
    queue.enqueue(key(1), "", Priority.RENDER, clientA, null);
    long between = System.nanoTime();
    Thread.sleep(2);
    queue.enqueue(key(2), "lang=de", Priority.LOW, clientB, null);
    assertThat(queue.waitingSince(between)).containsExactly(
        new RenderQueue.Waiting(key(1), "", Priority.RENDER, clientA));
    assertThat(queue.waitingSince(System.nanoTime())).hasSize(2);
    queue.complete(take(), Command.DONE, 1);
    assertThat(queue.waitingSince(System.nanoTime())).extracting(RenderQueue.Waiting::options)
        .containsExactly("lang=de");
  }

  @Test
  void wakeTakers_endsAWaitingTake() throws Exception {
    java.util.concurrent.CompletableFuture<Job> taken = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // until the take is waiting: a wake-up before it started would not end it
    assertThat(org.jtile.testing.Poll.until(java.time.Duration.ofSeconds(5), () -> {
      queue.wakeTakers();
      return taken.isDone();
    })).isTrue();
    assertThat(taken.get()).isNull();
  }

  @Test
  void countRendered_countsAJobRenderedFromElsewhere() {
    queue.countRendered(Job.taken(key(1), "", Priority.BULK), 40);
    queue.countRendered(Job.taken(key(2), "", Priority.BULK), -1);
    QueueStats stats = queue.stats();
    assertThat(stats.rendered()).containsEntry(Priority.BULK, 2L);
    assertThat(stats.renderMillis()).containsEntry(Priority.BULK, 40L);
  }
}
