package org.jtile.tools;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue filled one element at a time and emptied in batches. Unlike an ArrayBlockingQueue,
 * it wakes blocked producers only once it has drained to half its capacity: a consumer that takes two
 * elements at a time would otherwise wake a producer (and put it back to sleep) for every element.
 *
 * <p>Guarded by {@link #lock}: {@link #elements}.
 */
final class BatchQueue<E> {
  private final int capacity;
  private final int lowWater;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<E> elements;

  BatchQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    this.lowWater = capacity / 2;
    this.elements = new ArrayDeque<>(capacity);
  }

  /** Adds {@code e}, waiting at most {@code timeout} for room; false if there was none. */
  boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (elements.size() == capacity) {
        if (nanos <= 0) {
          return false;
        }
        nanos = drained.awaitNanos(nanos);
      }
      elements.add(e);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Moves up to {@code max} elements, oldest first, to {@code to}; returns how many. */
  int drainTo(Collection<? super E> to, int max) {
    lock.lock();
    try {
      int n = 0;
      for (E e; n < max && (e = elements.poll()) != null; n++) {
        to.add(e);
      }
      if (n > 0 && elements.size() <= lowWater) {
        drained.signalAll();
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return elements.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
