package org.jtile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classic mod_tile {@code renderd.conf} (INI) for tests: one {@code [renderd]} section, the
 * {@code [mapnik]} section and map sections, written in the order Debian's 0.6.1 needs (maps after
 * the renderd section).
 */
public final class ClassicRenderdConf {
  private final Map<String, String> renderd = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> maps = new LinkedHashMap<>();

  public ClassicRenderdConf(Path socket, Path tileDir) {
    renderd.put("socketname", socket.toString());
    renderd.put("num_threads", "1");
    renderd.put("tile_dir", tileDir.toString());
  }

  public ClassicRenderdConf renderd(String key, String value) {
    renderd.put(key, value);
    return this;
  }

  /** Adds a map section {@code [name]} with {@code XML=style} and the given extra keys. */
  public ClassicRenderdConf map(String name, Path style, String... keyValues) {
    Map<String, String> section = new LinkedHashMap<>();
    section.put("URI", "/" + name + "/");
    section.put("XML", style.toString());
    section.put("HOST", "localhost");
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      section.put(keyValues[i], keyValues[i + 1]);
    }
    maps.put(name, section);
    return this;
  }

  public String text() {
    StringBuilder out = new StringBuilder("[renderd]\n");
    renderd.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    out.append("\n[mapnik]\n")
        .append("plugins_dir=/usr/lib/mapnik/3.1/input\n")
        .append("font_dir=/usr/share/fonts\n")
        .append("font_dir_recurse=true\n");
    maps.forEach(
        (name, section) -> {
          out.append("\n[").append(name).append("]\n");
          section.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        });
    return out.toString();
  }

  public Path writeTo(Path file) {
    try {
      return Files.writeString(file, text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
