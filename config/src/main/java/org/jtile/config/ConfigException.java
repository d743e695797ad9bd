package org.jtile.config;


/**
 * The configuration cannot be used. The message names the file, the key and the rule in one line;
 * the exit code is mod_tile's ({@link #MISSING}: missing file or section, {@link #INVALID}: a bad value).
 */
public final class ConfigException extends StartupException {
  public static final int MISSING = 1;
  public static final int INVALID = 7;

  public ConfigException(String message, int exitCode) {
    super(message, exitCode);
  }
}
