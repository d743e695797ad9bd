package org.jtile.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One section of a jtile HOCON file ({@code jtile.renderd}, {@code jtile.frontend}, or a map or layer
 * in it) over its defaults: how both daemons load their configuration. Loading warns of every key the
 * defaults do not know, so a typo does not go unnoticed; the typed getters turn a wrong type or a value
 * out of range into one {@link ConfigException} line naming the file, the key, the value and the rule.
 */
public final class HoconSection {
  /** The file, for messages; null when running on the defaults alone. */
  private final Path file;
  /** The section's path, for messages: {@code jtile.frontend}, or a layer's. */
  private final String prefix;
  /** The user's settings over the defaults. */
  private final Config merged;
  /** The user's settings alone. */
  private final Config user;

  private HoconSection(Path file, String prefix, Config merged, Config user) {
    this.file = file;
    this.prefix = prefix;
    this.merged = merged;
    this.user = user;
  }

  /** What reads one setting; may throw Typesafe's exceptions or an IllegalArgumentException. */
  @FunctionalInterface
  public interface Reader<T> {
    T read();
  }

  /**
   * Section {@code root} of {@code file} over the same section of the classpath's {@code reference.conf}.
   *
   * @param file the HOCON file, or null for the defaults alone
   * @param named sections whose keys are names the user chooses (maps, layers): their keys are checked
   *     by {@link #named}, not here
   * @throws ConfigException the file is missing (MISSING) or is not HOCON (INVALID)
   */
  public static HoconSection load(Path file, String root, Set<String> named, Consumer<String> warn)
      throws ConfigException {
    Config reference = ConfigFactory.defaultReference().getConfig(root);
    if (file == null) {
      return new HoconSection(null, root, reference, ConfigFactory.empty());
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Config file '" + file + "' does not exist, please specify a valid file",
          ConfigException.MISSING);
    }
    Config parsed;
    try {
      parsed = ConfigFactory.parseFile(file.toFile()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      // Typesafe's message names the file, the line and the problem
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    }
    if (!parsed.hasPath(root)) {
      warn.accept("Config file '" + file + "' has no " + root + " section: running on defaults");
      return new HoconSection(file, root, reference, ConfigFactory.empty());
    }
    Config user = parsed.getConfig(root);
    for (Map.Entry<String, ?> e : user.entrySet()) {
      String key = e.getKey();
      boolean inNamed = named.stream().anyMatch(n -> key.startsWith(n + "."));
      if (!inNamed && !reference.hasPath(key)) {
        warn.accept("Config file '" + file + "': unknown key " + root + "." + key);
      }
    }
    return new HoconSection(file, root, user.withFallback(reference), user);
  }

  /** The names in the named section {@code key} (maps, layers), in order. */
  public Set<String> names(String key) throws ConfigException {
    return value(key, () -> new TreeSet<>(merged.getObject(key).keySet()));
  }

  /**
   * Entry {@code name} of the named section {@code key}, over {@code defaults}; warns of keys not in
   * {@code known}.
   */
  public HoconSection named(String key, String name, Map<String, ?> defaults, Set<String> known,
      Consumer<String> warn) throws ConfigException {
    String path = key + ".\"" + name.replace("\"", "\\\"") + "\"";
    Config entry = value(key, () -> merged.getConfig(path));
    for (String k : entry.root().keySet()) {
      if (!known.contains(k)) {
        warn.accept("Config file '" + file + "': unknown key " + prefix + "." + key + "." + name + "." + k);
      }
    }
    return new HoconSection(file, prefix + "." + key + "." + name,
        entry.withFallback(ConfigFactory.parseMap(defaults)), entry);
  }

  /** Whether the user set {@code key}, rather than leaving it to the defaults. */
  public boolean userSet(String key) {
    return user.hasPath(key);
  }

  /**
   * Reads with {@code reader}, turning what it throws into one line naming the file and {@code key}
   * (below this section; empty for the section itself).
   */
  public <T> T value(String key, Reader<T> reader) throws ConfigException {
    try {
      return reader.read();
    } catch (BadValue e) {
      throw new ConfigException(e.getMessage(), ConfigException.INVALID);
    } catch (com.typesafe.config.ConfigException e) {
      // Typesafe's message names the file, the line and the key below the prefix
      throw new ConfigException(e.getMessage() + " (in " + prefix + ")", ConfigException.INVALID);
    } catch (IllegalArgumentException e) {
      String path = key.isEmpty() ? prefix : prefix + "." + key;
      throw new ConfigException(where() + path + ": " + e.getMessage(), ConfigException.INVALID);
    }
  }

  private String where() {
    return file == null ? "" : "Config file '" + file + "' ";
  }

  // Typed getters, for use inside value(...): a value breaking its rule is a BadValue with the whole line.

  public String string(String key) {
    return merged.getString(key);
  }

  public List<String> strings(String key) {
    return merged.getStringList(key);
  }

  public boolean bool(String key) {
    return merged.getBoolean(key);
  }

  /** Any int: for values whose record checks the range in its own words. */
  public int integer(String key) {
    return merged.getInt(key);
  }

  public double decimal(String key) {
    return merged.getDouble(key);
  }

  public int integer(String key, int min, int max) {
    int v = merged.getInt(key);
    if (v < min || v > max) {
      throw bad(key, v, "must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  public int oneOf(String key, int a, int b) {
    int v = merged.getInt(key);
    if (v != a && v != b) {
      throw bad(key, v, "must be " + a + " or " + b);
    }
    return v;
  }

  /** A number of at least {@code min}. */
  public double decimal(String key, double min) {
    double v = merged.getDouble(key);
    if (!(v >= min)) {
      throw bad(key, merged.getValue(key).unwrapped(), "must be >= " + min);
    }
    return v;
  }

  public double positive(String key) {
    double v = merged.getDouble(key);
    if (!(v > 0)) {
      throw bad(key, merged.getValue(key).unwrapped(), "must be > 0");
    }
    return v;
  }

  public Duration duration(String key) {
    Duration v = merged.getDuration(key);
    if (v.isNegative()) {
      throw bad(key, merged.getValue(key).unwrapped(), "must be >= 0");
    }
    return v;
  }

  /** A duration in whole seconds that fits an int, as mod_tile's cache settings are. */
  public int seconds(String key) {
    long s = duration(key).getSeconds();
    if (s > Integer.MAX_VALUE) {
      throw bad(key, merged.getValue(key).unwrapped(), "must be at most " + Integer.MAX_VALUE + " s");
    }
    return (int) s;
  }

  public long bytes(String key) {
    long v = merged.getBytes(key);
    if (v < 0) {
      throw bad(key, v, "must be >= 0");
    }
    return v;
  }

  /** A value of {@code key} that breaks {@code rule}, as one complete line. */
  public IllegalArgumentException bad(String key, Object value, String rule) {
    return new BadValue(where() + prefix + "." + key + " = " + value + ": " + rule);
  }

  /** A value of the right type breaking a rule; its message is complete. */
  private static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1;

    BadValue(String message) {
      super(message);
    }
  }
}
