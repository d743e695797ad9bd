package org.jtile.config;

/**
 * A daemon cannot start: the message is the one line to print, the exit code mod_tile's (1 missing
 * file or section, 3 cannot listen, 7 invalid value or style).
 */
public class StartupException extends Exception {
  /** A file, section or resource that must be there is not (mod_tile's 1). */
  public static final int MISSING = ConfigException.MISSING;
  /** The daemon cannot listen on its socket, port or metrics port (mod_tile's 3). */
  public static final int CANNOT_LISTEN = 3;
  /** A bad value or a style that does not load (mod_tile's 7). */
  public static final int INVALID = ConfigException.INVALID;

  private final int exitCode;

  public StartupException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
