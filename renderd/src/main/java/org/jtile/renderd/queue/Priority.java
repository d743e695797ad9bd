package org.jtile.renderd.queue;

import org.jtile.protocol.Command;

/** The five request classes, in the order renderd serves them (not the wire order of commands). */
public enum Priority {
  PRIO,
  RENDER,
  LOW,
  DIRTY,
  BULK;

  /** The class a render request command asks for; null for commands that are not render requests. */
  public static Priority of(Command command) {
    switch (command) {
      case RENDER_PRIO:
        return PRIO;
      case RENDER:
        return RENDER;
      case RENDER_LOW:
        return LOW;
      case DIRTY:
        return DIRTY;
      case RENDER_BULK:
        return BULK;
      default:
        return null;
    }
  }

  public boolean isHigherThan(Priority other) {
    return ordinal() < other.ordinal();
  }
}
