package org.jtile.bench;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.jtile.config.QueueConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolException;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.RenderQueue;
import org.jtile.renderd.queue.Waiter;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap bytes per queued request, measured by walking the object graph (JOL), not by timing: a queue
 * holding N distinct metatile requests from 16 connections, each with its waiter (the connection's
 * reply handle and the decoded request), minus the same queue empty.
 *
 * <p>Run: {@code bench/run.sh QueueMemory}
 */
public final class QueueMemory {
  private QueueMemory() {}

  /** The same shape as the daemon's waiter: a connection and the request it sent. */
  private record Reply(Object connection, RenderMessage request) implements Waiter {
    @Override
    public void answer(Command result) {}
  }

  public static void main(String[] args) throws ProtocolException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Object[] connections = new Object[16];
    for (int i = 0; i < connections.length; i++) {
      connections[i] = new Object();
    }
    RenderQueue queue = new RenderQueue(new QueueConfig(n, n, 0.05));
    String style = "default";
    long empty = GraphLayout.parseInstance(queue).totalSize();
    for (int i = 0; i < n; i++) {
      int x = (i & 0x3ff) << 3;
      int y = (i >>> 10) << 3;
      // decoded from wire bytes, then held as the daemon holds it: with the configured style name
      RenderMessage request = MessageCodec.decode(
          ByteBuffer.wrap(MessageCodec.encode(RenderMessage.request(Command.RENDER_BULK, style, 15, x, y))))
          .withStyle(style);
      queue.enqueue(new JobKey(style, 15, x, y), "", Priority.BULK, connections[i % 16],
          new Reply(connections[i % 16], request));
    }
    long full = GraphLayout.parseInstance(queue).totalSize();
    System.out.printf(Locale.ROOT, "queued requests: %d%nbytes per queued request: %.1f (target <= 200)%n",
        n, (full - empty) / (double) n);
  }
}
