package org.jtile.renderd.queue;

/**
 * Told of every job a request made or moved up in this host's queue, so a farm can announce it to its shared
 * queue. Called on the socket thread, without the queue's lock: it must not block.
 */
@FunctionalInterface
public interface Forwarder {
  Forwarder NONE = (key, options, priority, client) -> {};

  void queued(JobKey key, String options, Priority priority, Object client);
}
