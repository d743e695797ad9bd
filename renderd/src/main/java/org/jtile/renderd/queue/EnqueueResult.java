package org.jtile.renderd.queue;

/** What the queue did with a request, and so whether the client gets NotDone now or a reply later. */
public enum EnqueueResult {
  /** A new job in the request's class; the reply comes when it is rendered. */
  QUEUED(false),
  /** The metatile was already queued or rendering; this client waits for that render. */
  ATTACHED(false),
  /** The metatile waited in a lower class; it moved up to this request's class and the client waits. */
  PROMOTED(false),
  /** A Dirty request: queued (or already queued) for a background render; NotDone now, as mod_tile. */
  DIRTY(true),
  /** The request's class was full: demoted to Dirty and answered NotDone now. */
  DEMOTED(true),
  /** Dirty was full too: dropped and answered NotDone now. */
  DROPPED(true),
  /** The queue is shutting down. */
  CLOSED(true);

  private final boolean answerNow;

  EnqueueResult(boolean answerNow) {
    this.answerNow = answerNow;
  }

  /** True when the client must be answered NotDone now and will get no later reply. */
  public boolean answerNow() {
    return answerNow;
  }
}
