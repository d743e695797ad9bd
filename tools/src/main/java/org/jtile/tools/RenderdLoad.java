package org.jtile.tools;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;

/**
 * What {@code --max-load} is compared with. jtile's renderd tells how many jobs wait ahead of bulk ones
 * ({@link Command#QUEUE_DEPTH}): the figure that matters, also when renderd runs on another host or shares
 * this one with a database. mod_tile's renderd answers that command NotDone; from then on it is this host's
 * load average, as mod_tile's tools use. Asked at most once a second, on a short connection of its own.
 */
final class RenderdLoad {
  private static final long WAIT_MILLIS = 5000;
  private static final long SLICE_MILLIS = 250;
  private static final long FRESH_NANOS = 1_000_000_000L;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** One reading and what it is, for the back-off message. */
  record Reading(double value, String what) {}

  private final SocketAddress address;
  private final double maxLoad;
  private final DoubleSupplier hostLoad;
  private final Summary summary;
  /** Guarded by this. */
  private boolean modTileRenderd;
  private Reading last;
  private long lastNanos;

  RenderdLoad(SocketAddress address, double maxLoad, DoubleSupplier hostLoad, Summary summary) {
    this.address = address;
    this.maxLoad = maxLoad;
    this.hostLoad = hostLoad;
    this.summary = summary;
  }

  /**
   * Returns once the load is below {@code --max-load}, checking every 5 s as mod_tile does, or when
   * {@code stop} (Ctrl-C, a failed run) says so. Says once per wait why it waits.
   */
  void awaitBelow(BooleanSupplier stop) throws InterruptedException {
    Reading reading = current();
    if (reading.value() < maxLoad) {
      return;
    }
    summary.waitingForLoad(reading.what() + ", --max-load " + format(maxLoad));
    while (reading.value() >= maxLoad) {
      for (long waited = 0; waited < WAIT_MILLIS; waited += SLICE_MILLIS) {
        if (stop.getAsBoolean()) {
          return;
        }
        Thread.sleep(SLICE_MILLIS);
      }
      reading = current();
    }
  }

  synchronized Reading current() {
    long now = System.nanoTime();
    if (last == null || now - lastNanos >= FRESH_NANOS) {
      last = read();
      lastNanos = now;
    }
    return last;
  }

  private Reading read() {
    if (!modTileRenderd) {
      try {
        Optional<RenderMessage> depth = askRenderd();
        if (depth.isPresent()) {
          RenderMessage m = depth.get();
          return new Reading(m.x(), m.x() + " jobs waiting ahead of bulk ones in renderd (" + m.y() + " bulk, "
              + m.z() + " rendering)");
        }
        modTileRenderd = true;
      } catch (IOException e) {
        // renderd is restarting or gone: the submitter deals with that; the host's load stands in meanwhile
      }
    }
    double load = hostLoad.getAsDouble();
    return new Reading(load, "load average " + format(load));
  }

  /** renderd's queue depth, or empty if it does not know the command (mod_tile's renderd). */
  private Optional<RenderMessage> askRenderd() throws IOException {
    RenderMessage ask = RenderMessage.request(Command.QUEUE_DEPTH, "", 0, 0, 0);
    RenderMessage reply = RenderdChannel.ask(address, ask, ASK_TIMEOUT)
        .orElseThrow(() -> new IOException("renderd closed the connection"));
    return reply.command() == Command.QUEUE_DEPTH ? Optional.of(reply) : Optional.empty();
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Summary.fixed(value, 2, 0);
  }
}
