package org.jtile.renderd.queue;

import org.jtile.protocol.Command;

/**
 * A client waiting for a metatile: typically a connection and the request it sent. The queue only
 * holds waiters; it never calls them while holding its lock.
 */
public interface Waiter {
  /** Sends {@code result} (Done, NotDone or Ignore) as the reply to this waiter's own request. */
  void answer(Command result);
}
