package org.jtile.renderd.config;

/**
 * The configuration cannot be used. The message names the file, the key and the rule in one line;
 * {@link #exitCode} is mod_tile's (1: missing file or section, 7: a bad value).
 */
public final class ConfigException extends Exception {
  public static final int MISSING = 1;
  public static final int INVALID = 7;

  private final int exitCode;

  public ConfigException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
