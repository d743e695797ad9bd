package org.jtile.tools;

/** A tool cannot go on: the message is the one line to print, the exit code mod_tile's (1 options, 2 socket). */
final class ToolException extends Exception {
  static final int OPTIONS = 1;
  static final int SOCKET = 2;

  private final int exitCode;

  ToolException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
