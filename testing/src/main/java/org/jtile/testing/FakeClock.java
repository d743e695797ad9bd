package org.jtile.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time a test moves on by hand: the wall clock ({@link Clock}) and the monotonic one ({@link #nanoTime},
 * for code that takes a {@code LongSupplier} in place of {@code System.nanoTime}) move together, and
 * only when {@link #advance} says. So a test of a cache lifetime or a back-off waits for nothing.
 */
public final class FakeClock extends Clock {
  /** Far from 0, as System.nanoTime may be: code that takes 0 for "never" shows up. */
  private static final long NANO_ORIGIN = 1L << 60;

  private final Instant start;
  private final ZoneId zone;
  /** Shared with the clock's other zones. */
  private final AtomicLong elapsed;

  private FakeClock(Instant start, ZoneId zone, AtomicLong elapsed) {
    this.start = start;
    this.zone = zone;
    this.elapsed = elapsed;
  }

  /** A clock that reads now (the real now) until it is advanced. */
  public static FakeClock startingNow() {
    return new FakeClock(Instant.now(), ZoneOffset.UTC, new AtomicLong());
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time goes forward: " + by);
    }
    elapsed.addAndGet(by.toNanos());
  }

  public long nanoTime() {
    return NANO_ORIGIN + elapsed.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(elapsed.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new FakeClock(start, other, elapsed);
  }
}
