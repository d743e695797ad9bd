package org.jtile.protocol;

/** The stream ended part-way through a message. */
public final class TruncatedMessageException extends ProtocolException {
  public TruncatedMessageException(int received, int expected) {
    super("connection closed after " + received + " of " + expected + " message bytes");
  }
}
