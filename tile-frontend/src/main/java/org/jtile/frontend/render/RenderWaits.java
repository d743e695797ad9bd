package org.jtile.frontend.render;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the renders this frontend is waiting for: the measure of renderd being busy ({@link
 * RenderPolicy}) and the cap on server threads parked on renderd.
 */
public final class RenderWaits {
  private final AtomicInteger waiting = new AtomicInteger();

  /** Takes a place if fewer than {@code busy} are waiting (and fewer than {@code max}). */
  public boolean tryEnter(int busy, int max) {
    int limit = Math.min(busy, max);
    while (true) {
      int now = waiting.get();
      if (now >= limit) {
        return false;
      }
      if (waiting.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void exit() {
    waiting.decrementAndGet();
  }

  public int waiting() {
    return waiting.get();
  }
}
