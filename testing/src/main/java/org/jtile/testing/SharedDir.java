package org.jtile.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's {@code ../shared} folder: the example map and the behaviour spec. It is referenced in
 * place, never copied into the repository.
 */
public final class SharedDir {
  private SharedDir() {}

  /** The shared folder, from {@code -Djtile.shared.dir} (set by the parent POM) or found upwards. */
  public static Path root() {
    String configured = System.getProperty("jtile.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured, "example-map"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("example-map"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/ with example-map/ not found beside the checkout (set -Djtile.shared.dir)");
  }

  /** The world land-polygon GeoPackage in web mercator. */
  public static Path landPolygons() {
    return root().resolve("example-map/very_simplified_land_polygons.gpkg");
  }
}
