package org.jtile.renderd.queue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How much each client has recently asked of renderd: the jobs it had waiting or rendering, integrated
 * over time and decaying with a time constant of {@link #MEMORY}. A map user who asks one metatile now and
 * then scores low; a downloader that keeps jobs queued scores high, the more so the more it keeps queued.
 * Lanes serve the client with the lowest score first, so a bulk downloader backs off as soon as anyone else
 * asks, and still gets every render nobody else wants.
 *
 * <p>Not thread-safe: guarded by the {@link RenderQueue}'s lock. Memory is bounded by the clients active
 * within the last few {@link #MEMORY}s: an idle client's entry is dropped once its score has decayed.
 */
final class Demand {
  /** How long a client's demand is remembered: the time constant of the decay. */
  static final long MEMORY_NANOS = 10_000_000_000L;
  /** A score below this (job-seconds) is as good as none: the entry of an idle client can go. */
  private static final double FORGOTTEN = 0.01;
  private static final int SWEEP_EVERY = 1024;

  private final LongSupplier nanoTime;
  private final Map<Object, Client> clients = new HashMap<>();
  private int sinceSweep;

  Demand(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** {@code client} has one more job waiting or rendering. */
  void started(Object client) {
    long now = nanoTime.getAsLong();
    clients.computeIfAbsent(client, c -> new Client(now)).advance(now).outstanding++;
  }

  /** One of {@code client}'s jobs ended. */
  void ended(Object client) {
    long now = nanoTime.getAsLong();
    Client c = clients.get(client);
    if (c != null) {
      c.advance(now).outstanding--;
    }
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(now);
    }
  }

  /** A snapshot of {@code client}'s score (job-seconds); 0 for a client not seen lately. */
  double of(Object client, long now) {
    Client c = clients.get(client);
    return c == null ? 0 : c.scoreAt(now);
  }

  long now() {
    return nanoTime.getAsLong();
  }

  int size() {
    return clients.size();
  }

  private void sweep(long now) {
    for (Iterator<Client> it = clients.values().iterator(); it.hasNext(); ) {
      Client c = it.next();
      if (c.outstanding == 0 && c.scoreAt(now) < FORGOTTEN) {
        it.remove();
      }
    }
  }

  private static final class Client {
    int outstanding;
    /** The score at {@link #since}. */
    double score;
    long since;

    Client(long now) {
      since = now;
    }

    /**
     * The score at {@code now}: the old score decayed, plus {@code outstanding} jobs held since then, each
     * adding to the score as a decaying integral would (so a steady n jobs tends to n × MEMORY in seconds).
     */
    double scoreAt(long now) {
      double elapsed = Math.max(0, now - since);
      double keep = Math.exp(-elapsed / MEMORY_NANOS);
      return score * keep + outstanding * (MEMORY_NANOS / 1e9) * (1 - keep);
    }

    Client advance(long now) {
      score = scoreAt(now);
      since = now;
      return this;
    }
  }
}
