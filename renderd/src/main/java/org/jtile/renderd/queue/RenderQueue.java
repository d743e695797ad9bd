package org.jtile.renderd.queue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jtile.config.QueueConfig;
import org.jtile.protocol.Command;

/**
 * renderd's request queue: five classes of waiting metatile jobs, one index over every job that is
 * waiting or rendering, and the workers' hand-off.
 *
 * <h2>Priorities</h2>
 * Workers take from the first non-empty class in the order Prio, Render, Low, Dirty, Bulk — mod_tile's
 * order — except that a waiting class passed over {@code maxSkips} times in a row gets the next turn.
 * With the default share of 5 % a class waits at most 19 turns, so Dirty and Bulk keep moving under a
 * steady stream of interactive requests while interactive latency stays within a few percent of strict
 * priority. A share of 0 is mod_tile's strict order.
 *
 * <h2>De-duplication and merging</h2>
 * Jobs are keyed on style and metatile ({@link JobKey}). A request for a metatile that is waiting or
 * rendering never makes a second job: its client is added to the job's waiters and is answered with
 * the job's result. A request of a higher class than the waiting job moves the job up (mod_tile answers
 * NotDone instead when the job waits in Dirty or Bulk, and never promotes).
 *
 * <h2>Overflow</h2>
 * mod_tile's rules: a new request whose class is full goes to Dirty and is answered NotDone at once;
 * if Dirty is full too it is dropped. Jobs already waiting are never evicted.
 *
 * <h2>Dirty</h2>
 * A Dirty request is answered NotDone at once whether or not it made a job: nobody waits for it.
 *
 * <h2>Fairness</h2>
 * Inside a class, the next job is that of the client with the least recent demand ({@link Demand}, {@link
 * Lane}): a client is a connection, or the HTTP client a jtile frontend names with {@code OnBehalfOf}
 * ({@link Requester}), and such clients are first grouped by network.
 *
 * <h2>Concurrency</h2>
 * One lock guards the lanes, the index and the counters; it is held only to decide, never while
 * calling waiters, rendering or writing to sockets. {@link #take} waits on a condition with a timeout.
 */
public final class RenderQueue implements JobSource {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  /** Guarded by lock. */
  private final EnumMap<Priority, Lane> lanes = new EnumMap<>(Priority.class);
  /** Every waiting or rendering job. Guarded by lock. */
  private final Map<JobKey, Job> index = new HashMap<>();
  /** Per class: how many turns in a row it waited while another class was served. Guarded by lock. */
  private final int[] skipped = new int[Priority.values().length];
  private final QueueStats.Counters counters = new QueueStats.Counters();
  /** Guarded by lock. */
  private final Demand demand;
  private final int maxSkips;
  /** Guarded by lock. */
  private int rendering;
  /** Guarded by lock. */
  private boolean closed;
  /** Bumped by {@link #wakeTakers}: a waiting {@link #take} returns when it changes. Guarded by lock. */
  private long wakeups;

  public RenderQueue(QueueConfig config) {
    this(config, System::nanoTime);
  }

  /** @param nanoTime the clock that ages clients' demand: {@code System::nanoTime}, or a test's own */
  public RenderQueue(QueueConfig config, LongSupplier nanoTime) {
    demand = new Demand(nanoTime);
    for (Priority p : Priority.values()) {
      lanes.put(p, new Lane(p, p == Priority.DIRTY ? config.dirtyLimit() : config.requestLimit()));
    }
    maxSkips = config.maxSkips();
  }

  /**
   * Queues a request for metatile {@code key} of class {@code priority} from {@code client}. A
   * non-null {@code waiter} is answered when the job ends, unless the result says to answer now.
   */
  public EnqueueResult enqueue(JobKey key, String options, Priority priority, Object client, Waiter waiter) {
    lock.lock();
    try {
      if (closed) {
        return EnqueueResult.CLOSED;
      }
      Job existing = index.get(key);
      if (existing != null) {
        return merge(existing, priority, waiter);
      }
      Lane lane = lanes.get(priority);
      EnqueueResult result = EnqueueResult.QUEUED;
      if (priority == Priority.DIRTY || lane.isFull()) {
        lane = lanes.get(Priority.DIRTY);
        if (lane.isFull()) {
          counters.dropped++;
          return EnqueueResult.DROPPED;
        }
        result = priority == Priority.DIRTY ? EnqueueResult.DIRTY : EnqueueResult.DEMOTED;
        if (result == EnqueueResult.DEMOTED) {
          counters.demoted++;
        }
      }
      Job job = new Job(key, options, client, lane.priority);
      if (!result.answerNow() && waiter != null) {
        job.addWaiter(waiter);
      }
      lane.add(job);
      index.put(key, job);
      demand.asked(client);
      notEmpty.signal();
      return result;
    } finally {
      lock.unlock();
    }
  }

  private EnqueueResult merge(Job existing, Priority priority, Waiter waiter) {
    if (priority == Priority.DIRTY) {
      return EnqueueResult.DIRTY;
    }
    EnqueueResult result = EnqueueResult.ATTACHED;
    if (existing.lane != null && priority.isHigherThan(existing.lane) && !lanes.get(priority).isFull()) {
      lanes.get(existing.lane).remove(existing);
      lanes.get(priority).add(existing);
      counters.promoted++;
      result = EnqueueResult.PROMOTED;
    } else {
      counters.attached++;
    }
    if (waiter != null) {
      existing.addWaiter(waiter);
    }
    return result;
  }

  /**
   * The next job to render, marked as rendering, or null if none came within the timeout or the
   * queue was closed.
   */
  @Override
  public Job take(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      long seen = wakeups;
      while (!closed && wakeups == seen) {
        Job job = next();
        if (job != null) {
          return job;
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Picks the lane to serve by priority and starvation, and takes its next job. Holds lock. */
  private Job next() {
    Lane serve = null;
    Lane starved = null;
    for (Lane lane : lanes.values()) {
      if (lane.isEmpty()) {
        skipped[lane.priority.ordinal()] = 0;
      } else if (serve == null) {
        serve = lane;
      } else if (starved == null && skipped[lane.priority.ordinal()] >= maxSkips) {
        starved = lane;
      }
    }
    if (serve == null) {
      return null;
    }
    if (starved != null) {
      serve = starved;
    }
    for (Lane lane : lanes.values()) {
      if (!lane.isEmpty()) {
        skipped[lane.priority.ordinal()]++;
      }
    }
    skipped[serve.priority.ordinal()] = 0;
    Priority from = serve.priority;
    Job job = serve.poll(demand);
    job.takenFrom = from;
    countTaken(job);
    rendering++;
    return job;
  }

  /**
   * Ends a job a worker took: forgets it and returns its waiters, to be answered by the caller (after
   * this returns, without the lock). {@code renderMillis} below 0 means "not rendered".
   */
  public List<Waiter> complete(Job job, long renderMillis) {
    lock.lock();
    try {
      index.remove(job.key);
      rendering--;
      countTime(job, renderMillis);
      return job.waiters();
    } finally {
      lock.unlock();
    }
  }

  /** Makes every waiting {@link #take} return null now: its caller has somewhere else to take from. */
  public void wakeTakers() {
    lock.lock();
    try {
      wakeups++;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Waiter> complete(Job job, Command result, long millis) {
    return complete(job, result == Command.DONE ? millis : -1);
  }

  /**
   * Ends a job that waits here but was rendered elsewhere (another host of a farm): forgets it and returns
   * its waiters. Nothing if no job for {@code key} waits: it is unknown, or one of this host's threads is
   * rendering it and will complete it itself.
   */
  public List<Waiter> finish(JobKey key) {
    lock.lock();
    try {
      Job job = index.get(key);
      if (job == null || job.lane == null) {
        return List.of();
      }
      lanes.get(job.lane).remove(job);
      index.remove(key);
      return job.waiters();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts a job this host took from elsewhere (a farm's shared queue) and rendered, as {@link #take} and
   * {@link #complete} count their own, so the stats file and metrics show every render of this host.
   * {@code renderMillis} below 0 means "not rendered".
   */
  public void countRendered(Job job, long renderMillis) {
    lock.lock();
    try {
      countTaken(job);
      countTime(job, renderMillis);
    } finally {
      lock.unlock();
    }
  }

  /** Holds lock. */
  private void countTaken(Job job) {
    counters.rendered.merge(job.takenFrom, 1L, Long::sum);
    counters.renderedByZoom[job.key.z()]++;
  }

  /** Holds lock; {@code renderMillis} below 0 means "not rendered" and counts nothing. */
  private void countTime(Job job, long renderMillis) {
    if (renderMillis >= 0) {
      counters.renderMillis.merge(job.takenFrom, renderMillis, Long::sum);
      counters.millisByZoom[job.key.z()] += renderMillis;
    }
  }

  /** A job waiting here, as a farm announces it to the shared queue. */
  public record Waiting(JobKey key, String options, Priority priority, Object client) {}

  /** The jobs waiting (not rendering) that were made at or before {@code madeBeforeNanos} ({@link System#nanoTime}). */
  public List<Waiting> waitingSince(long madeBeforeNanos) {
    lock.lock();
    try {
      List<Waiting> waiting = new ArrayList<>();
      for (Job job : index.values()) {
        if (job.lane != null && job.madeNanos - madeBeforeNanos <= 0) {
          waiting.add(new Waiting(job.key, job.options, job.lane, job.client));
        }
      }
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the queue: takers return null, new requests are refused, and the waiters of every job still
   * waiting are returned to be answered NotDone. Jobs being rendered stay with their workers.
   */
  public List<Waiter> close() {
    lock.lock();
    try {
      closed = true;
      List<Waiter> waiters = new ArrayList<>();
      for (Lane lane : lanes.values()) {
        lane.drain(job -> {
          index.remove(job.key);
          waiters.addAll(job.waiters());
        });
      }
      notEmpty.signalAll();
      return waiters;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  public QueueStats stats() {
    lock.lock();
    try {
      Map<Priority, Integer> waiting = new EnumMap<>(Priority.class);
      lanes.forEach((p, lane) -> waiting.put(p, lane.size()));
      return counters.snapshot(waiting, rendering);
    } finally {
      lock.unlock();
    }
  }

  /** Checks the queue's invariants; for tests. Throws IllegalStateException naming the broken one. */
  public void checkInvariants() {
    lock.lock();
    try {
      int waiting = 0;
      for (Lane lane : lanes.values()) {
        if (lane.countJobs() != lane.size()) {
          throw new IllegalStateException(lane.priority + " holds " + lane.countJobs() + " jobs but counts " + lane.size());
        }
        waiting += lane.size();
      }
      if (waiting + rendering != index.size()) {
        throw new IllegalStateException(
            "index holds " + index.size() + " jobs, lanes " + waiting + " + rendering " + rendering);
      }
    } finally {
      lock.unlock();
    }
  }
}
