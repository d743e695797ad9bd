package org.jtile.testing;

import java.time.Duration;

/**
 * Waiting for something another thread or process does, with a deadline, so a regression fails the
 * test instead of hanging it. The caller asserts afterwards, with its own message.
 */
public final class Poll {
  private static final long INTERVAL_MILLIS = 10;

  private Poll() {}

  /** Something to wait for; may throw (an HTTP request that fails, say), which ends the wait. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Asks {@code condition} every 10 ms until it holds or {@code timeout} passes; says whether it held. */
  public static boolean until(Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
    return true;
  }
}
