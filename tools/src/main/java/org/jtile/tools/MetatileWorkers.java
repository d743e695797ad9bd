package org.jtile.tools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs each metatile's store work (stat, touch or delete, then maybe a render request) on a few threads:
 * one thread waiting on one stat or utime at a time leaves the disk and the cores idle, and an object
 * store's round trips even more so. The reading thread hands metatiles over in batches through a short
 * queue, so it never runs more than {@value #QUEUED_BATCHES} batches ahead. The first failure stops the
 * run and is thrown to the reading thread.
 */
final class MetatileWorkers implements AutoCloseable {
  private static final int BATCH = 256;
  private static final int QUEUED_BATCHES = 8;
  private static final int[] END = new int[0];

  /** One metatile's work, by its origin tile. */
  @FunctionalInterface
  interface Work {
    void on(int z, int x, int y) throws IOException, ToolException, InterruptedException;
  }

  private final Work work;
  private final BooleanSupplier stop;
  private final BlockingQueue<int[]> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  /** The batch being filled: count, then z, x, y per metatile. Confined to the reading thread. */
  private int[] batch = newBatch();

  /** Starts {@code count} threads doing {@code work}; they skip what is left once {@code stop} says so. */
  MetatileWorkers(int count, Work work, BooleanSupplier stop) {
    this.work = work;
    this.stop = stop;
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::run, "metatile-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** As many threads as cores, at least 2 (a stat waits on the disk), at most 8. */
  static int defaultCount() {
    return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  private static int[] newBatch() {
    return new int[1 + 3 * BATCH];
  }

  void add(int z, int x, int y) throws IOException, ToolException, InterruptedException {
    int n = batch[0];
    batch[1 + 3 * n] = z;
    batch[2 + 3 * n] = x;
    batch[3 + 3 * n] = y;
    batch[0] = n + 1;
    if (n + 1 == BATCH) {
      hand(batch);
      batch = newBatch();
    }
  }

  private void hand(int[] b) throws IOException, ToolException, InterruptedException {
    while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
      rethrow();
    }
    rethrow();
  }

  /**
   * Hands over the batch being filled, however small: the reading thread does before it waits for more
   * input, so the metatiles of an input that comes slowly (a pipe from a program still going, a terminal)
   * are worked on meanwhile, not once a batch is full.
   */
  void handOver() throws IOException, ToolException, InterruptedException {
    if (batch[0] > 0) {
      hand(batch);
      batch = newBatch();
    }
  }

  /** Hands over the last batch and waits until every metatile is done. */
  void finish() throws IOException, ToolException, InterruptedException {
    handOver();
    for (int i = 0; i < threads.size() && failure.get() == null; ) {
      if (queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
        i++;
      }
    }
    if (failure.get() != null) {
      close(); // a failed thread takes nothing more: the others are stopped, not sent END
    }
    for (Thread t : threads) {
      t.join();
    }
    rethrow();
  }

  private void rethrow() throws IOException, ToolException, InterruptedException {
    Exception e = failure.get();
    if (e instanceof IOException io) {
      throw io;
    } else if (e instanceof ToolException tool) {
      throw tool;
    } else if (e instanceof InterruptedException interrupted) {
      throw interrupted;
    } else if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  private void run() {
    try {
      for (int[] b; (b = queue.take()) != END; ) {
        for (int i = 0; i < b[0] && failure.get() == null && !stop.getAsBoolean(); i++) {
          work.on(b[1 + 3 * i], b[2 + 3 * i], b[3 + 3 * i]);
        }
      }
    } catch (IOException | ToolException | InterruptedException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
  }
}
