package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.Test;

class BatchQueueTest {
  @Test
  void drainsOldestFirst_atMostMax() throws Exception {
    BatchQueue<Integer> q = new BatchQueue<>(4);
    for (int i = 0; i < 4; i++) {
      assertThat(q.offer(i, 0, TimeUnit.MILLISECONDS)).isTrue();
    }
    List<Integer> out = new ArrayList<>();
    assertThat(q.drainTo(out, 3)).isEqualTo(3);
    assertThat(out).containsExactly(0, 1, 2);
    assertThat(q.drainTo(out, 10)).isEqualTo(1);
    assertThat(out).containsExactly(0, 1, 2, 3);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.drainTo(out, 10)).isZero();
  }

  @Test
  void full_offerWaitsOnlyItsTimeout() throws Exception {
    BatchQueue<String> q = new BatchQueue<>(1);
    assertThat(q.offer("a", 0, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(q.offer("b", 20, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(q.drainTo(new ArrayList<>(), 1)).isEqualTo(1);
    assertThat(q.offer("b", 0, TimeUnit.MILLISECONDS)).isTrue();
    assertThatThrownBy(() -> new BatchQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBlockedProducer_isWokenOnlyOnceHalfIsDrained() throws Exception {
    BatchQueue<Integer> q = new BatchQueue<>(8);
    for (int i = 0; i < 8; i++) {
      q.offer(i, 0, TimeUnit.MILLISECONDS);
    }
    AtomicInteger added = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Thread producer = new Thread(() -> {
      try {
        if (q.offer(8, 10, TimeUnit.SECONDS)) {
          added.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    }, "test-producer");
    producer.start();
    Poll.until(Duration.ofSeconds(10), () -> producer.getState() == Thread.State.TIMED_WAITING);
    assertThat(producer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    List<Integer> out = new ArrayList<>();
    q.drainTo(out, 3); // 5 left: room, but above half, so the producer is not woken
    assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
    q.drainTo(out, 1); // 4 left: half
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(added.get()).isEqualTo(1);
    q.drainTo(out, 100);
    assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }
}
