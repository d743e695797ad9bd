package org.jtile.renderd.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * One metatile to render and everyone waiting for it. Fields other than the final ones are guarded by
 * the {@link RenderQueue}'s lock; a worker reads {@link #key} and {@link #options} without it.
 */
public final class Job {
  final JobKey key;
  final String options;
  /** The connection whose request created the job: the unit of fairness inside a lane. */
  final Object client;
  /** When the job was made ({@link System#nanoTime}); a cluster re-announces jobs that wait long. */
  final long madeNanos;
  /** The lane the job waits in, or null once a worker took it. Guarded by the queue lock. */
  Priority lane;
  /** The lane a worker took it from: where its render time is counted. Guarded by the queue lock. */
  Priority takenFrom;
  /** The first waiter, kept out of a list because most jobs have exactly one. Guarded by the queue lock. */
  private Waiter first;
  private List<Waiter> more;

  Job(JobKey key, String options, Object client, Priority lane) {
    this.key = key;
    this.options = options;
    this.client = client;
    this.lane = lane;
    this.madeNanos = System.nanoTime();
  }

  /**
   * A job taken from outside this host's queue (a farm's shared queue): nobody waits on it here, and it is
   * handed back to whatever {@link JobSource} gave it, never to a {@link RenderQueue}.
   */
  public static Job taken(JobKey key, String options, Priority from) {
    Job job = new Job(key, options, null, null);
    job.takenFrom = from;
    return job;
  }
  public JobKey key() {
    return key;
  }

  /** The parameterised-style options of the request that created the job. */
  public String options() {
    return options;
  }

  /** The class the job was taken from. Only meaningful once a worker has it. */
  public Priority priority() {
    return takenFrom;
  }

  void addWaiter(Waiter waiter) {
    if (first == null) {
      first = waiter;
    } else {
      if (more == null) {
        more = new ArrayList<>(2);
      }
      more.add(waiter);
    }
  }

  List<Waiter> waiters() {
    List<Waiter> all = new ArrayList<>(1 + (more == null ? 0 : more.size()));
    if (first != null) {
      all.add(first);
    }
    if (more != null) {
      all.addAll(more);
    }
    return all;
  }

  @Override
  public String toString() {
    return key.style() + " " + key.z() + "/" + key.x() + "/" + key.y();
  }
}
