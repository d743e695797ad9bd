package org.jtile.renderd.cluster;

import io.lettuce.core.RedisException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jtile.config.ClusterConfig;
import org.jtile.config.QueueConfig;
import org.jtile.protocol.Command;
import org.jtile.renderd.queue.Forwarder;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.JobSource;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.jtile.renderd.queue.Requester;
import org.jtile.renderd.queue.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host of a render farm: its render threads take from the farm's {@link SharedQueue} on Redis, and
 * every job its own clients make is announced there.
 *
 * <p>This host's {@link RenderQueue} still holds every job its clients wait for, with their waiters: the
 * shared queue only decides who renders what. A job ends here when a thread of this host rendered it, or
 * when Redis announces that another host did. So when Redis is away nothing is lost: this host renders its
 * own queue alone ({@code local_fallback}), and when Redis answers again it announces what still waits.
 * A job that waits here much longer than a lease is announced again, in case Redis lost it (a restart
 * without persistence) or this host missed its end: announcing is idempotent.
 *
 * <p>Threads: render threads call {@link #take} and {@link #complete}; the socket thread calls
 * {@link #queued}; Lettuce's I/O thread delivers the channels; {@code cluster-upkeep} renews this host's
 * leases, takes over expired ones, reconnects and reads the shared queue's sizes. {@link #lock} guards
 * only the wake-up of idle render threads.
 */
public final class ClusterQueue implements JobSource, Forwarder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterQueue.class);

  /** How long an idle render thread waits for a "work" message before asking Redis anyway. */
  private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Most expired leases taken over in one upkeep round. */
  private static final int REAP_BATCH = 1000;

  private final RenderQueue local;
  private final ClusterConfig config;
  private final int maxSkips;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  /** Bumped by every "work" message and state change, so a thread that just found nothing does not sleep through one. Guarded by lock. */
  private long wakeups;
  /**
   * The jobs this host's threads took from Redis and are rendering: their leases are renewed. By identity: after
   * a stall longer than a lease this host may take the same metatile again.
   */
  private final Set<Job> leased = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService upkeep =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "cluster-upkeep"));
  /** The connection, or null while Redis has not been reached yet or after it was given up on. */
  private volatile SharedQueue shared;
  /** Whether the shared queue is in use; false from a failed call until upkeep reaches Redis again. */
  private volatile boolean up;
  /** {@link SharedQueue#sizes}, as upkeep last read them (for metrics). */
  private volatile long[] sharedSizes = new long[7];
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong renderedShared = new AtomicLong();
  private final AtomicLong renderedAlone = new AtomicLong();
  private final AtomicLong announcedAgain = new AtomicLong();
  /** System.nanoTime of upkeep's last renewal, take-over and re-announcement; the upkeep thread's alone. */
  private long lastRenew;
  private long lastReap;
  private long lastResync;

  /** Starts connecting (in the background: a farm's host starts and serves even when Redis is away). */
  public ClusterQueue(RenderQueue local, ClusterConfig config, QueueConfig queue) {
    this.local = local;
    this.config = config;
    this.maxSkips = queue.maxSkips();
    upkeep.scheduleWithFixedDelay(this::upkeep, 0, 1, TimeUnit.SECONDS);
  }

  // --- the socket thread

  @Override
  public void queued(JobKey key, String options, Priority priority, Object client) {
    SharedQueue s = shared;
    if (!up || s == null) {
      return; // announced when Redis is back
    }
    try {
      s.enqueue(key, options, priority, fairKey(client)).whenComplete((result, failure) -> {
        if (failure != null) {
          lost("announcing " + key, failure);
        }
      });
    } catch (RedisException e) {
      lost("announcing " + key, e);
    }
  }

  /** Clients take turns across hosts by network for a frontend's HTTP clients, by connection otherwise. */
  private String fairKey(Object client) {
    return client instanceof Requester r ? r.networkName()
        : config.host() + "#" + Integer.toHexString(System.identityHashCode(client));
  }

  // --- render threads

  @Override
  public Job take(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!local.isClosed()) {
      long seen = wakeups();
      SharedQueue s = shared;
      if (up && s != null) {
        try {
          SharedQueue.Taken taken = s.take();
          if (taken != null) {
            Job job = Job.taken(taken.key(), taken.options(), taken.priority());
            leased.add(job);
            return job;
          }
        } catch (RedisException e) {
          lost("taking a job", e);
          continue;
        }
      } else if (config.localFallback()) {
        long left = deadline - System.nanoTime();
        Job job = local.take(Math.max(0, Math.min(left, IDLE_POLL_NANOS)), TimeUnit.NANOSECONDS);
        if (job != null || left <= 0) {
          return job;
        }
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      awaitWakeup(seen, Math.min(left, IDLE_POLL_NANOS));
    }
    return null;
  }

  @Override
  public List<Waiter> complete(Job job, Command result, long millis) {
    JobKey key = job.key();
    boolean fromShared = leased.remove(job);
    SharedQueue s = shared;
    if (up && s != null) {
      try {
        s.complete(key, result, fromShared);
      } catch (RedisException e) {
        lost("completing " + key, e); // its lease runs out and another host renders it again
      }
    }
    if (fromShared) {
      renderedShared.incrementAndGet();
      local.countRendered(job, result == Command.DONE ? millis : -1);
      return local.finish(key); // this host's own clients waiting for the same metatile
    }
    renderedAlone.incrementAndGet();
    return local.complete(job, result, millis);
  }

  @Override
  public boolean isClosed() {
    return local.isClosed();
  }

  private long wakeups() {
    lock.lock();
    try {
      return wakeups;
    } finally {
      lock.unlock();
    }
  }

  private void awaitWakeup(long seen, long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (wakeups == seen && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private void wakeAll() {
    lock.lock();
    try {
      wakeups++;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // --- Lettuce's I/O thread

  private final SharedQueue.Listener listener = new SharedQueue.Listener() {
    @Override
    public void work() {
      wakeAll();
    }

    @Override
    public void done(JobKey key, Command result) {
      for (Waiter waiter : local.finish(key)) {
        waiter.answer(result);
      }
    }
  };

  // --- cluster-upkeep

  private void upkeep() {
    try {
      SharedQueue s = shared;
      if (s == null) {
        s = connect();
        if (s == null) {
          return;
        }
      }
      if (!up) {
        s.ping();
        rejoin(s);
      }
      long now = System.nanoTime();
      long lease = config.lease().toNanos();
      if (now - lastRenew >= lease / 3) {
        lastRenew = now;
        s.renew(leased.stream().map(Job::key).collect(java.util.stream.Collectors.toSet()));
      }
      if (now - lastReap >= lease / 4) {
        lastReap = now;
        long taken = s.reap(REAP_BATCH);
        if (taken > 0) {
          log.warn("took over {} jobs whose host stopped renewing its lease", taken);
        }
      }
      if (now - lastResync >= lease) {
        lastResync = now;
        announce(s, now - lease);
      }
      sharedSizes = s.sizes();
    } catch (RedisException e) {
      lost("upkeep", e);
    } catch (RuntimeException e) {
      log.error("cluster upkeep failed: {}", e.toString());
    }
  }

  private SharedQueue connect() {
    try {
      SharedQueue s = new SharedQueue(config, maxSkips, listener);
      shared = s;
      log.info("joined the render farm at {} as {}", redisForLog(), config.host());
      return s;
    } catch (RedisException e) {
      lost("connecting", e);
      return null;
    }
  }

  /** Redis answers again: announce every job waiting here, then use the shared queue. */
  private void rejoin(SharedQueue s) {
    int announced = announce(s, System.nanoTime());
    lastResync = System.nanoTime();
    up = true;
    local.wakeTakers(); // threads rendering alone take from the shared queue from now on
    wakeAll();
    if (fallbacks.get() > 0) {
      log.info("Redis at {} answers again: {} waiting jobs announced, rendering from the shared queue",
          redisForLog(), announced);
    }
  }

  /** Announces the jobs waiting here made at or before {@code madeBefore}; waits for Redis' answers. */
  private int announce(SharedQueue s, long madeBefore) {
    List<RenderQueue.Waiting> waiting = local.waitingSince(madeBefore);
    List<java.util.concurrent.CompletableFuture<String>> answers = new java.util.ArrayList<>(waiting.size());
    for (RenderQueue.Waiting w : waiting) {
      answers.add(s.enqueue(w.key(), w.options(), w.priority(), fairKey(w.client())).toCompletableFuture());
    }
    int queuedAgain = 0;
    for (java.util.concurrent.CompletableFuture<String> answer : answers) {
      try {
        if ("queued".equals(answer.get(SharedQueue.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))) {
          queuedAgain++;
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new RedisException("announcing waiting jobs: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RedisException("interrupted");
      }
    }
    if (up && queuedAgain > 0) {
      announcedAgain.addAndGet(queuedAgain);
      log.warn("{} jobs waiting here were unknown to Redis and were queued there again", queuedAgain);
    }
    return waiting.size();
  }

  /** A Redis call failed: stop using the shared queue until upkeep reaches it again. Logs once per outage. */
  private void lost(String doing, Throwable e) {
    if (up || shared == null && fallbacks.get() == 0) {
      fallbacks.incrementAndGet();
      log.warn("Redis at {} unreachable ({}: {}); {}", redisForLog(), doing, e.getMessage(),
          config.localFallback() ? "rendering this host's own queue alone until it answers"
              : "jobs wait here until it answers");
    }
    up = false;
    wakeAll();
  }

  private String redisForLog() {
    return ClusterConfig.withoutPassword(config.redis());
  }

  // --- metrics

  /** Whether jobs go through Redis now. */
  public boolean isUp() {
    return up;
  }

  /** Times Redis was lost. */
  public long fallbacks() {
    return fallbacks.get();
  }

  /** Jobs waiting in the shared queue per class, as last read (at most a second old). */
  public long sharedWaiting(Priority p) {
    return sharedSizes[p.ordinal()];
  }

  /** Jobs leased to any host, as last read. */
  public long sharedLeased() {
    return sharedSizes[5];
  }

  /** Jobs taken over from hosts whose lease ran out, farm-wide. */
  public long takeovers() {
    return sharedSizes[6];
  }

  /** Jobs this host took from the shared queue and rendered. */
  public long renderedShared() {
    return renderedShared.get();
  }

  /** Jobs this host rendered from its own queue alone (Redis away). */
  public long renderedAlone() {
    return renderedAlone.get();
  }

  /** Jobs this host announced again because Redis had lost them. */
  public long announcedAgain() {
    return announcedAgain.get();
  }

  public String host() {
    return config.host();
  }

  /** Stops upkeep and disconnects; leases still held run out and other hosts take those jobs. */
  @Override
  public void close() {
    upkeep.shutdownNow();
    try {
      upkeep.awaitTermination(SharedQueue.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    wakeAll();
    SharedQueue s = shared;
    shared = null;
    up = false;
    if (s != null) {
      s.close();
    }
  }
}
