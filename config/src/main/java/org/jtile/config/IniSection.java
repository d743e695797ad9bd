package org.jtile.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * One section of a classic renderd.conf with typed getters in mod_tile's wording; {@link #build} turns
 * a validation error into one line naming the file and the section.
 */
public final class IniSection {
  private final Path file;
  private final String name;
  private final Map<String, String> values;

  public IniSection(Path file, String name, Map<String, String> values) {
    this.file = file;
    this.name = name;
    this.values = values;
  }

  public String name() {
    return name;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int integer(String key, int fallback) {
    return number(key, fallback, Integer::decode, "an integer");
  }

  public double decimal(String key, double fallback) {
    return number(key, fallback, Double::parseDouble, "a double");
  }

  private <T> T number(String key, T fallback, Function<String, T> parse, String kind) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return parse.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": Invalid " + key + ", must be " + kind + " (" + value + " was provided)");
    }
  }

  /** iniparser's boolean: the first character y/t/1 or n/f/0, anything else the fallback. */
  public boolean bool(String key, boolean fallback) {
    String value = values.getOrDefault(key, "");
    if (value.isEmpty()) {
      return fallback;
    }
    switch (Character.toLowerCase(value.charAt(0))) {
      case 'y', 't', '1':
        return true;
      case 'n', 'f', '0':
        return false;
      default:
        return fallback;
    }
  }

  /** Builds a value from this section's keys. */
  public interface Builder<T> {
    T build();
  }

  /** Runs a record constructor, turning its validation error into one line naming this section. */
  public <T> T build(Builder<T> builder) throws ConfigException {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Config file '" + file + "' [" + name + "]: " + e.getMessage(), ConfigException.INVALID);
    }
  }
}
