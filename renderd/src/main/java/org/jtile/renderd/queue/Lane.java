package org.jtile.renderd.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The waiting jobs of one class, served round-robin between clients: each client's jobs are FIFO and
 * a client with waiting jobs gets one job per round, so one connection flooding a class delays another
 * connection's job by at most one round. mod_tile opens a connection per request, so for it this is
 * plain FIFO; the render_* tools keep one connection per thread and share fairly.
 *
 * <p>Not thread-safe: guarded by the {@link RenderQueue}'s lock.
 */
final class Lane {
  final Priority priority;
  private final int limit;
  private final Map<Object, ArrayDeque<Job>> byClient = new HashMap<>();
  /** Clients with waiting jobs, in the order they get their next turn. */
  private final ArrayDeque<Object> turns = new ArrayDeque<>();
  private int size;

  Lane(Priority priority, int limit) {
    this.priority = priority;
    this.limit = limit;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size >= limit;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(Job job) {
    ArrayDeque<Job> jobs = byClient.computeIfAbsent(job.client, c -> new ArrayDeque<>());
    if (jobs.isEmpty()) {
      turns.addLast(job.client);
    }
    jobs.addLast(job);
    job.lane = priority;
    size++;
  }

  /** The next client's oldest job, or null if the lane is empty. */
  Job poll() {
    Object client = turns.pollFirst();
    if (client == null) {
      return null;
    }
    ArrayDeque<Job> jobs = byClient.get(client);
    Job job = jobs.pollFirst();
    if (jobs.isEmpty()) {
      byClient.remove(client);
    } else {
      turns.addLast(client);
    }
    size--;
    job.lane = null;
    return job;
  }

  /** Takes a waiting job out (for a promotion): linear in that client's jobs in this lane. */
  void remove(Job job) {
    ArrayDeque<Job> jobs = byClient.get(job.client);
    if (jobs == null || !jobs.remove(job)) {
      throw new IllegalStateException(job + " is not in lane " + priority);
    }
    if (jobs.isEmpty()) {
      byClient.remove(job.client);
      turns.remove(job.client);
    }
    size--;
    job.lane = null;
  }

  /** Empties the lane, handing every job to {@code sink}. */
  void drain(java.util.function.Consumer<Job> sink) {
    for (Job job; (job = poll()) != null; ) {
      sink.accept(job);
    }
  }

  /** For invariant checks: the number of jobs actually held. */
  int countJobs() {
    int n = 0;
    for (ArrayDeque<Job> jobs : byClient.values()) {
      n += jobs.size();
    }
    return n;
  }
}
