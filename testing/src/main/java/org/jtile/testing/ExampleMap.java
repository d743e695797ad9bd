package org.jtile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example land-polygon Mapnik style, laid out in a test's own folder. Mapnik resolves a style's
 * relative datasource paths against the style's folder, so the GeoPackage is linked in beside it.
 */
public final class ExampleMap {
  public static final String STYLE_FILE = "land.xml";

  private ExampleMap() {}

  /** Writes {@code land.xml} plus a link to the shared GeoPackage into {@code dir}; returns the XML. */
  public static Path writeStyle(Path dir) {
    try {
      Files.createDirectories(dir);
      Path gpkg = SharedDir.landPolygons();
      Path link = dir.resolve(gpkg.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, gpkg);
      }
      Path xml = dir.resolve(STYLE_FILE);
      try (InputStream in = ExampleMap.class.getResourceAsStream(STYLE_FILE)) {
        Files.copy(in, xml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return xml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the example map in " + dir, e);
    }
  }
}
