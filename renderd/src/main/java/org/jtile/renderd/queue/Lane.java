package org.jtile.renderd.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The waiting jobs of one class, shared between clients: each client's jobs are FIFO, and the next job is
 * the oldest of the client with the least recent {@link Demand} (networks first, then clients in them);
 * clients with the same demand take turns.
 * A client is what the request came through: a connection, or the HTTP client a jtile frontend named
 * ({@code OnBehalfOf}). So a map user asking one metatile goes ahead of a downloader that keeps dozens
 * queued, however many connections the downloader opens through the frontend. mod_tile opens a
 * connection per request, so for it every request is a new client with no demand and this is plain FIFO;
 * the render_* tools keep one connection per thread and share fairly.
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

  /**
   * The oldest job of the client with the least demand, or null if the lane is empty. Linear in the
   * clients with jobs in this lane: a few hundred at most in practice, against a render of milliseconds.
   */
  Job poll(Demand demand) {
    Object client = leastDemanding(demand);
    if (client == null) {
      return null;
    }
    turns.remove(client);
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

  /**
   * The first client in turn order of the least demanding network, and of the least demanding client in
   * it; null if none has jobs here.
   */
  private Object leastDemanding(Demand demand) {
    if (turns.size() <= 1) {
      return turns.peekFirst();
    }
    long now = demand.now();
    Object least = null;
    double lowestNetwork = Double.MAX_VALUE;
    double lowest = Double.MAX_VALUE;
    for (Object client : turns) {
      double network = demand.ofNetwork(client, now);
      double own = demand.of(client, now);
      if (network < lowestNetwork || network == lowestNetwork && own < lowest) {
        lowestNetwork = network;
        lowest = own;
        least = client;
      }
    }
    return least;
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
    for (ArrayDeque<Job> jobs : byClient.values()) {
      for (Job job : jobs) {
        job.lane = null;
        sink.accept(job);
      }
    }
    byClient.clear();
    turns.clear();
    size = 0;
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
