package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetatileWorkersTest {
  @Test
  void everyMetatileIsWorkedOnce_onTheWorkersThreads() throws Exception {
    Set<String> done = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (MetatileWorkers workers = new MetatileWorkers(3, (z, x, y) -> {
      assertThat(done.add(z + "/" + x + "/" + y)).isTrue();
      threads.add(Thread.currentThread().getName());
    }, () -> false)) {
      for (int i = 0; i < 10_000; i++) {
        workers.add(12, i * 8 % 4096, i / 512 * 8);
      }
      workers.finish();
    }
    assertThat(done).hasSize(10_000);
    assertThat(threads).allMatch(name -> name.startsWith("metatile-worker-"));
  }

  @Test
  void handOver_aPartBatchIsWorkedOn_beforeTheBatchFills() throws Exception {
    CountDownLatch worked = new CountDownLatch(2);
    try (MetatileWorkers workers = new MetatileWorkers(2, (z, x, y) -> worked.countDown(), () -> false)) {
      workers.add(10, 0, 0);
      workers.add(10, 8, 0);
      workers.handOver();
      assertThat(worked.await(10, TimeUnit.SECONDS)).isTrue();
      workers.add(10, 16, 0);
      workers.finish();
    }
    assertThat(worked.getCount()).isZero();
  }

  @Test
  void theFirstFailure_endsTheRun_andReachesTheReader() {
    AtomicInteger worked = new AtomicInteger();
    assertThatThrownBy(() -> {
      try (MetatileWorkers workers = new MetatileWorkers(2, (z, x, y) -> {
        if (worked.incrementAndGet() == 1000) {
          throw new IOException("disk full");
        }
      }, () -> false)) {
        for (int i = 0; i < 1_000_000; i++) {
          workers.add(17, i % 100_000 * 8, i / 100_000 * 8);
        }
        workers.finish();
      }
    }).isInstanceOf(IOException.class).hasMessage("disk full");
    // the reader stopped soon after: at most the queued batches were taken on
    assertThat(worked.get()).isLessThan(100_000);
  }

  @Test
  void stop_skipsWhatIsLeft() throws Exception {
    AtomicInteger worked = new AtomicInteger();
    try (MetatileWorkers workers = new MetatileWorkers(2, (z, x, y) -> worked.incrementAndGet(),
        () -> worked.get() >= 100)) {
      for (int i = 0; i < 5000; i++) {
        workers.add(10, i % 128 * 8, i / 128 * 8);
      }
      workers.finish();
    }
    assertThat(worked.get()).isLessThan(5000);
  }
}
