package org.jtile.renderd.queue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How much each client, and each client's network, has recently asked of renderd: the jobs it made, each
 * counting 1 when made and decaying with a time constant of {@link #MEMORY_NANOS}. A map user asking a
 * metatile now and then scores a few; a downloader that asks again the moment it is answered scores what
 * renderd can render for it, however many connections or addresses of one network it spreads over.
 * Lanes serve the least demanding network first, and inside it the least demanding client, so a
 * downloader backs off as soon as anyone else asks, and still gets every render nobody else wants.
 * Time spent waiting counts for nothing: only asking does.
 *
 * <p>Not thread-safe: guarded by the {@link RenderQueue}'s lock. Memory is bounded by the clients active
 * within the last few {@link #MEMORY_NANOS}: an idle client's entry is dropped once its score has decayed.
 */
final class Demand {
  /** How long asking is remembered: the time constant of the decay. */
  static final long MEMORY_NANOS = 10_000_000_000L;
  /** A score below this is as good as none: the entry of an idle client can go. */
  private static final double FORGOTTEN = 0.01;
  private static final int SWEEP_EVERY = 1024;

  private final LongSupplier nanoTime;
  /** Clients and networks alike. */
  private final Map<Object, Score> scores = new HashMap<>();
  private int sinceSweep;

  Demand(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** {@code client} made a job. */
  void asked(Object client) {
    long now = nanoTime.getAsLong();
    scores.computeIfAbsent(client, c -> new Score(now)).add(now);
    Object network = network(client);
    if (network != client) {
      scores.computeIfAbsent(network, c -> new Score(now)).add(now);
    }
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(now);
    }
  }

  /** {@code client}'s score at {@code now}; 0 for a client not seen lately. */
  double of(Object client, long now) {
    Score s = scores.get(client);
    return s == null ? 0 : s.at(now);
  }

  /** The score of {@code client}'s network at {@code now}. */
  double ofNetwork(Object client, long now) {
    return of(network(client), now);
  }

  long now() {
    return nanoTime.getAsLong();
  }

  int size() {
    return scores.size();
  }

  private static Object network(Object client) {
    return client instanceof Requester r ? r.network() : client;
  }

  private void sweep(long now) {
    for (Iterator<Score> it = scores.values().iterator(); it.hasNext(); ) {
      if (it.next().at(now) < FORGOTTEN) {
        it.remove();
      }
    }
  }

  /** A decaying count: {@link #value} at {@link #since}. */
  private static final class Score {
    double value;
    long since;

    Score(long now) {
      since = now;
    }

    double at(long now) {
      return value * Math.exp(-Math.max(0, now - since) / (double) MEMORY_NANOS);
    }

    void add(long now) {
      value = at(now) + 1;
      since = now;
    }
  }
}
