package org.jtile.config;

import java.nio.file.Path;

/** The [mapnik] section: where Mapnik's input plugins and fonts are. */
public record MapnikConfig(Path pluginsDir, Path fontDir, boolean fontDirRecurse) {
  public static final MapnikConfig DEBIAN =
      new MapnikConfig(Path.of("/usr/lib/mapnik/3.1/input"), Path.of("/usr/share/fonts"), true);
}
