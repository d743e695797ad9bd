package org.jtile.frontend.renderd;

import java.util.HashMap;
import java.util.Map;

/**
 * The renders this frontend is waiting for, in all and per client: the measure of renderd being busy
 * ({@link RenderPolicy}), the cap on waiting requests, and what a client already has in flight.
 *
 * <p>Thread-safe: every method holds this object's monitor, which guards both counts. Only requests
 * that need a render come here, never cached tiles.
 */
public final class RenderWaits {
  /** Guarded by this. */
  private int waiting;
  /** Renders waited for per client, only clients with at least one. Guarded by this. */
  private final Map<String, Integer> byClient = new HashMap<>();

  /**
   * Takes a place for {@code client}, or refuses one: at {@code max} waiting renders, or at {@code busy}
   * when the client already waits for a render of its own (a client waiting for none still gets one, so a
   * downloader filling the frontend does not turn map users away).
   *
   * @return the renders {@code client} was already waiting for, or -1 when refused
   */
  public synchronized int tryEnter(String client, int busy, int max) {
    int mine = byClient.getOrDefault(client, 0);
    if (waiting >= max || waiting >= busy && mine > 0) {
      return -1;
    }
    waiting++;
    byClient.put(client, mine + 1);
    return mine;
  }

  public synchronized void exit(String client) {
    waiting--;
    byClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
  }

  public synchronized int waiting() {
    return waiting;
  }
}
