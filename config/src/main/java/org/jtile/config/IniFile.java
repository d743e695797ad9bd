package org.jtile.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file read the way mod_tile's iniparser 4 reads renderd.conf: section names and keys lower
 * case, {@code #} or {@code ;} starts a comment line and ends an unquoted value, quoted values keep
 * their spaces and backslash escapes, a trailing backslash continues the line, and a line over 1024
 * characters or one that is neither a section, a key nor a comment fails the whole file.
 */
public final class IniFile {
  private static final int MAX_LINE = 1024;

  /** Sections in file order; each maps its keys, in file order, to values. */
  public final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  private IniFile() {}

  /** True for a map (style) section: anything but {@code [renderd*]} and {@code [mapnik]}. */
  public static boolean isMapSection(String name) {
    return !name.startsWith("renderd") && !name.equals("mapnik");
  }

  public static IniFile read(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Config file '" + file + "' cannot be read: " + e.getMessage(), ConfigException.MISSING);
    }
    IniFile ini = new IniFile();
    Map<String, String> section = null;
    StringBuilder pending = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      if (raw.length() > MAX_LINE) {
        throw syntax(file, i, "line longer than " + MAX_LINE + " characters");
      }
      String line = raw.strip();
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1);
        continue;
      }
      line = pending.append(line).toString().strip();
      pending.setLength(0);
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        int close = line.indexOf(']');
        if (close < 0) {
          throw syntax(file, i, line);
        }
        String name = line.substring(1, close).strip().toLowerCase(Locale.ROOT);
        section = ini.sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || section == null) {
        throw syntax(file, i, line);
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      section.put(key, value(line.substring(eq + 1).strip(), file, i));
    }
    return ini;
  }

  private static String value(String text, Path file, int line) throws ConfigException {
    if (text.startsWith("\"") || text.startsWith("'")) {
      char quote = text.charAt(0);
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length()) {
          out.append(text.charAt(++i));
        } else if (c == quote) {
          return out.toString();
        } else {
          out.append(c);
        }
      }
      throw syntax(file, line, "unterminated quoted value " + text);
    }
    int end = text.length();
    int hash = text.indexOf('#');
    int semicolon = text.indexOf(';');
    if (hash >= 0) {
      end = hash;
    }
    if (semicolon >= 0 && semicolon < end) {
      end = semicolon;
    }
    return text.substring(0, end).strip();
  }

  private static ConfigException syntax(Path file, int line, String what) {
    return new ConfigException(
        "Config file '" + file + "' line " + (line + 1) + ": syntax error: " + what, ConfigException.INVALID);
  }
}
