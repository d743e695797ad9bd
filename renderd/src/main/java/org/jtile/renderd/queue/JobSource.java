package org.jtile.renderd.queue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;

/**
 * Where render threads get their work and hand it back: this host's {@link RenderQueue}, or a farm's queue
 * shared on Redis in front of it.
 */
public interface JobSource {
  /** The next job to render, or null if none came within the timeout or the source was closed. */
  Job take(long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Ends a job taken from here with {@code result} ({@code millis} spent on it); returns the waiters to
   * answer, which the caller does without holding any lock.
   */
  List<Waiter> complete(Job job, Command result, long millis);

  boolean isClosed();
}
