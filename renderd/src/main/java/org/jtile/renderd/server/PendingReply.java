package org.jtile.renderd.server;

import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.queue.Waiter;

/** A request waiting in the queue: answered on its own connection, echoing itself, in its own version. */
record PendingReply(Connection connection, RenderMessage request) implements Waiter {
  @Override
  public void answer(Command result) {
    connection.send(request.reply(result));
  }
}
