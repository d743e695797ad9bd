package org.jtile.protocol;

/**
 * The renderd wire commands ({@code enum protoCmd}). The numbering is the wire value and is not the
 * priority order: renderd serves RenderPrio, then Render, RenderLow, Dirty and RenderBulk.
 */
public enum Command {
  /** Reply: the metatile is outside the map's bounds. */
  IGNORE(0, "Ignore"),
  /** Request, normal priority (mod_tile: a very old tile). */
  RENDER(1, "Render"),
  /** Request: re-render in the background; the requester does not wait. */
  DIRTY(2, "Dirty"),
  /** Reply: rendered and stored. */
  DONE(3, "Done"),
  /** Reply: not rendered (queue full, dropped, queued as dirty, failed, bad command). */
  NOT_DONE(4, "NotDone"),
  /** Request, highest priority (mod_tile: a missing tile). */
  RENDER_PRIO(5, "RenderPrio"),
  /** Request, lowest priority (the render_* tools). */
  RENDER_BULK(6, "RenderBulk"),
  /** Request, low priority (mod_tile: an old tile). */
  RENDER_LOW(7, "RenderLow"),
  /**
   * jtile's extension, request and reply: how deep renderd's queue is, for the tools' {@code --max-load}.
   * The reply carries the jobs waiting ahead of bulk ones in x, bulk jobs waiting in y, jobs rendering
   * in z. Its wire value is far from mod_tile's 0-7, and mod_tile's renderd answers it NotDone, as any
   * command it does not know: that is how a tool tells the two apart.
   */
  QUEUE_DEPTH(0x4a54, "QueueDepth"),
  /**
   * jtile's extension, request only: the requests that follow on this connection are made on behalf of
   * the client named in the style field (a frontend's HTTP client: an IPv4 address or IPv6 /64), so
   * renderd shares renders between those clients rather than between connections. jtile's renderd
   * does not answer it; mod_tile's answers NotDone, as any command it does not know, which tells a
   * frontend to stop sending it.
   */
  ON_BEHALF_OF(0x4a55, "OnBehalfOf"),
  /**
   * Any value a peer sent that is not a command. Decodes so the server can log it and answer NotDone
   * as renderd does; never encoded.
   */
  UNKNOWN(-1, "Unknown");

  private static final Command[] BY_WIRE = {
    IGNORE, RENDER, DIRTY, DONE, NOT_DONE, RENDER_PRIO, RENDER_BULK, RENDER_LOW
  };

  private final int wire;
  private final String logName;

  Command(int wire, String logName) {
    this.wire = wire;
    this.logName = logName;
  }

  /** The int32 sent on the wire. */
  public int wire() {
    return wire;
  }

  /** mod_tile's name for the command, as its logs print it. */
  public String logName() {
    return logName;
  }

  /** The command for a wire value; {@link #UNKNOWN} for anything else. */
  public static Command fromWire(int wire) {
    if (wire == QUEUE_DEPTH.wire) {
      return QUEUE_DEPTH;
    }
    if (wire == ON_BEHALF_OF.wire) {
      return ON_BEHALF_OF;
    }
    return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : UNKNOWN;
  }
}
