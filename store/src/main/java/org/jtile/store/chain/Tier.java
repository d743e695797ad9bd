package org.jtile.store.chain;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jtile.store.TileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store of a chain and its health. A failure takes the layer out for a back-off that doubles from
 * one second up to a minute; the first request after it tries the layer again. Failures are counted and
 * logged at most once per {@link #LOG_INTERVAL_NANOS}, with the count, so an outage under load is a few
 * lines, not one per request.
 */
final class Tier {
  private static final Logger log = LoggerFactory.getLogger(Tier.class);
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  private static final long FIRST_BACK_OFF_NANOS = 1_000_000_000L;
  private static final long MAX_BACK_OFF_NANOS = 60_000_000_000L;

  final TileStore store;
  private final LongSupplier nanoTime;
  /** Lock-free: races only make a back-off or a log line a little early or late. */
  private final AtomicLong downUntil = new AtomicLong();
  private final AtomicLong backOff = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong errorsLogged = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);

  Tier(TileStore store, LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
  }

  /** False while the layer sits out a back-off. */
  boolean up() {
    long until = downUntil.get();
    return until == 0 || nanoTime.getAsLong() - until >= 0;
  }

  void succeeded() {
    if (downUntil.getAndSet(0) != 0) {
      backOff.set(0);
      log.info("storage {} answers again", store);
    }
  }

  void failed(String operation, Exception e) {
    long now = nanoTime.getAsLong();
    long next = Math.min(MAX_BACK_OFF_NANOS, Math.max(FIRST_BACK_OFF_NANOS, backOff.get() * 2));
    backOff.set(next);
    downUntil.set(now + next);
    long total = errors.incrementAndGet();
    long last = lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
      long since = total - errorsLogged.getAndSet(total);
      log.warn("storage {} failing ({} errors since the last report; {} in all), skipped for {} s: {} {}", store,
          since, total, next / 1_000_000_000L, operation, e.toString());
    }
  }

  long errors() {
    return errors.get();
  }
}
