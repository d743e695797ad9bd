package org.jtile.renderd.server;

import java.util.Map;
import java.util.function.Supplier;
import org.jtile.config.MapConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.queue.EnqueueResult;
import org.jtile.renderd.queue.Forwarder;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.QueueStats;
import org.jtile.renderd.queue.RenderQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * renderd's reply rules for one decoded request: what is answered at once and what waits for a
 * render. Transport-free, so the rules are tested without sockets.
 */
public final class ReplyRules {
  private static final Logger log = LoggerFactory.getLogger(ReplyRules.class);

  private final RenderQueue queue;
  /** The maps of the latest configuration: a reload changes what is accepted from the next request on. */
  private final Supplier<Map<String, MapConfig>> maps;

  private final Forwarder forwarder;

  public ReplyRules(RenderQueue queue, Supplier<Map<String, MapConfig>> maps) {
    this(queue, maps, Forwarder.NONE);
  }

  /** @param forwarder told of every job made or moved up here (a farm's shared queue) */
  public ReplyRules(RenderQueue queue, Supplier<Map<String, MapConfig>> maps, Forwarder forwarder) {
    this.queue = queue;
    this.maps = maps;
    this.forwarder = forwarder;
  }

  /**
   * Handles {@code request} from {@code client}; returns the reply to send now, or null when the
   * answer comes later through {@code waiter}.
   */
  public RenderMessage handle(RenderMessage request, Object client, PendingReplyFactory waiter) {
    if (request.command() == Command.QUEUE_DEPTH) {
      return queueDepth(request);
    }
    Priority priority = Priority.of(request.command());
    if (priority == null) {
      log.warn("Ignoring invalid command {} from {} xml({}), z({}), x({}), y({})",
          request.command().logName(), client, request.style(), request.z(), request.x(), request.y());
      return request.reply(Command.NOT_DONE);
    }
    MapConfig map = maps.get().get(request.style());
    if (map == null) {
      // mod_tile never answers this; a client would wait out its whole timeout
      log.warn("No map for: {} (from {})", request.style(), client);
      return request.reply(Command.NOT_DONE);
    }
    int z = request.z();
    int mx = request.x() & ~7;
    int my = request.y() & ~7;
    if (!map.contains(z, mx, my)) {
      log.info("Received request for map layer {} is outside of acceptable bounds z({}), x({}), y({})",
          map.name(), z, request.x(), request.y());
      return request.reply(Command.IGNORE);
    }
    // the configured name, so every job of a style shares one String
    JobKey key = new JobKey(map.name(), z, mx, my);
    EnqueueResult result =
        queue.enqueue(key, request.options(), priority, client,
            priority == Priority.DIRTY ? null : waiter.create(request.withStyle(map.name())));
    switch (result) {
      case QUEUED, PROMOTED -> forwarder.queued(key, request.options(), priority, client);
      case DIRTY, DEMOTED -> forwarder.queued(key, request.options(), Priority.DIRTY, client);
      default -> { }
    }
    return result.answerNow() ? request.reply(Command.NOT_DONE) : null;
  }

  /**
   * jtile's answer to {@link Command#QUEUE_DEPTH}: the jobs waiting ahead of bulk ones (render, prio, low,
   * dirty) in x, bulk jobs waiting in y, jobs rendering in z. The tools' {@code --max-load} backs off on x.
   */
  private RenderMessage queueDepth(RenderMessage request) {
    QueueStats stats = queue.stats();
    int ahead = 0;
    for (Priority p : Priority.values()) {
      if (p.isHigherThan(Priority.BULK)) {
        ahead += stats.waiting().get(p);
      }
    }
    return new RenderMessage(request.version(), Command.QUEUE_DEPTH, ahead, stats.waiting().get(Priority.BULK),
        stats.rendering(), request.style(), request.mimetype(), request.options());
  }

  /** Makes the waiter for a request that will wait; only called when one is needed. */
  @FunctionalInterface
  public interface PendingReplyFactory {
    org.jtile.renderd.queue.Waiter create(RenderMessage request);
  }
}
