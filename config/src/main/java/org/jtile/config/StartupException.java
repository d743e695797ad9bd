package org.jtile.config;

/**
 * A daemon cannot start: the message is the one line to print, the exit code mod_tile's (1 missing
 * file or section, 3 cannot listen, 7 invalid value or style).
 */
public class StartupException extends Exception {
  private final int exitCode;

  public StartupException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
