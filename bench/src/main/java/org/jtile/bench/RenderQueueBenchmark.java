package org.jtile.bench;

import java.util.concurrent.TimeUnit;
import org.jtile.config.QueueConfig;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The render queue's request path on one thread: per invocation a new metatile is queued, a second
 * request for it is merged (de-duplication), a worker takes the oldest job and completes it — four
 * queue operations — with {@code depth} jobs waiting across {@code clients} connections.
 *
 * <p>Run: {@code bench/jmh.sh RenderQueueBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderQueueBenchmark {
  @Param({"100", "5000"})
  public int depth;

  @Param({"1", "64"})
  public int clients;

  private RenderQueue queue;
  private Object[] connections;
  private int next;

  @Setup
  public void setUp() {
    queue = new RenderQueue(new QueueConfig(1_000_000, 1_000_000, 0.05));
    connections = new Object[clients];
    for (int i = 0; i < clients; i++) {
      connections[i] = new Object();
    }
    for (int i = 0; i < depth; i++) {
      enqueueNext();
    }
  }

  private JobKey enqueueNext() {
    int n = next++;
    JobKey key = new JobKey("default", 18, (n & 0x7fff) << 3, ((n >>> 15) & 0x7fff) << 3);
    queue.enqueue(key, "", Priority.BULK, connections[n % clients], null);
    return key;
  }

  @Benchmark
  @OperationsPerInvocation(4)
  public Job enqueueMergeTakeComplete() throws InterruptedException {
    JobKey key = enqueueNext();
    queue.enqueue(key, "", Priority.BULK, connections[0], null);
    Job job = queue.take(0, TimeUnit.NANOSECONDS);
    queue.complete(job, 1);
    return job;
  }
}
