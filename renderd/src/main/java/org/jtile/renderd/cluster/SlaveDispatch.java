package org.jtile.renderd.cluster;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jtile.config.SlaveConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdAddress;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.queue.Job;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.JobSource;
import org.jtile.renderd.queue.Waiter;
import org.jtile.renderd.render.RenderWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of mod_tile's slave-dispatch threads: takes jobs from the same queue as the render threads (so local
 * and remote threads compete fairly) and has a slave renderd (Debian's or jtile's) render them, answering the
 * waiters with the slave's reply. As mod_tile's master, it sends a v3 Render whatever the job's class.
 *
 * <p>Unlike mod_tile's, it takes no job while its slave is unreachable: it checks again every {@link
 * #RETRY}, and meanwhile this host's own threads render everything. Each job goes over a connection of its
 * own, bounded by {@link #RENDER_TIMEOUT}; a failure answers that job's waiters NotDone, as mod_tile does.
 */
public final class SlaveDispatch implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SlaveDispatch.class);

  /** mod_tile's wait before trying an unreachable slave again. */
  static final Duration RETRY = Duration.ofSeconds(30);
  /** The longest one forwarded metatile may take: a low-zoom metatile of a planet style takes minutes. */
  static final Duration RENDER_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final JobSource jobs;
  private final SlaveConfig slave;
  private final SocketAddress address;
  /** A style's MIME type, sent along as mod_tile's master does. */
  private final Function<String, String> mimeType;
  private final RenderWorker.RenderListener listener;
  /** Metatiles the slave rendered (answered Done) for this thread. */
  private final java.util.concurrent.atomic.AtomicLong rendered = new java.util.concurrent.atomic.AtomicLong();

  public SlaveDispatch(JobSource jobs, SlaveConfig slave, Function<String, String> mimeType,
      RenderWorker.RenderListener listener) {
    this.jobs = jobs;
    this.slave = slave;
    this.address = RenderdAddress.parse(slave.address());
    this.mimeType = mimeType;
    this.listener = listener;
  }

  @Override
  public void run() {
    boolean reachable = reachable();
    if (!reachable) {
      log.error("Failed to connect to Renderd slave {} at {}, trying again in {} seconds", slave.section(),
          slave.address(), RETRY.toSeconds());
    }
    try {
      while (!jobs.isClosed()) {
        if (!reachable) {
          if (!pause(RETRY) || !(reachable = reachable())) {
            continue;
          }
          log.info("renderd slave {} at {} answers again", slave.section(), slave.address());
        }
        Job job = jobs.take(1, TimeUnit.SECONDS);
        if (job != null) {
          reachable = forward(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Has the slave render {@code job} and answers its waiters; returns whether the slave could be reached. */
  private boolean forward(Job job) {
    JobKey key = job.key();
    RenderMessage request = new RenderMessage(ProtocolVersion.V3, Command.RENDER, key.x(), key.y(), key.z(),
        key.style(), mimeType.apply(key.style()), job.options());
    long start = System.nanoTime();
    Command result = Command.NOT_DONE;
    boolean reachable = true;
    try {
      Optional<RenderMessage> reply = RenderdChannel.ask(address, request, RENDER_TIMEOUT);
      if (reply.isPresent() && request.isAnsweredBy(reply.get())) {
        result = reply.get().command();
      } else {
        log.warn("renderd slave {} at {} closed the connection without answering TILE {} {} {} {}", slave.section(),
            slave.address(), key.style(), key.z(), key.x(), key.y());
      }
    } catch (IOException e) {
      log.error("Failed to connect to Renderd slave {} at {}, trying again in {} seconds: {}", slave.section(),
          slave.address(), RETRY.toSeconds(), e.getMessage());
      reachable = false;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    List<Waiter> waiters = jobs.complete(job, result, millis);
    for (Waiter waiter : waiters) {
      waiter.answer(result);
    }
    if (result == Command.DONE) {
      rendered.incrementAndGet();
    }
    listener.rendered(job, result, millis);
    return reachable;
  }

  public long rendered() {
    return rendered.get();
  }

  public SlaveConfig slave() {
    return slave;
  }

  private boolean reachable() {
    try (RenderdChannel probe = RenderdChannel.connect(address, CONNECT_TIMEOUT)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits {@code d}, in steps, so a closing queue ends it; false when the queue closed meanwhile. */
  private boolean pause(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (!jobs.isClosed() && System.nanoTime() - end < 0) {
      Thread.sleep(Math.min(500, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1));
    }
    return !jobs.isClosed();
  }
}
