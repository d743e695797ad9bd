package org.jtile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The example world map (the demo's): land polygons from the npm package {@code @geo-maps/earth-lands-10km},
 * which {@code scripts/demo-data.sh} fetches once into the checkout's {@code .cache/demo/}, and the
 * Mapnik style {@code conf/example/world.xml}. Tests lay the style out in their own folder; Mapnik resolves
 * a style's relative datasource paths against the style's folder, so the data is linked in beside it.
 */
public final class ExampleMap {
  public static final String STYLE_FILE = "world.xml";
  public static final String DATA_FILE = "earth-lands-10km.geo.json";

  private ExampleMap() {}

  /** Writes {@code world.xml} plus a link to the land polygons into {@code dir}; returns the XML. */
  public static Path writeStyle(Path dir) {
    try {
      Files.createDirectories(dir);
      Path data = data();
      Path link = dir.resolve(DATA_FILE);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, data);
      }
      Path xml = dir.resolve(STYLE_FILE);
      try (InputStream in = ExampleMap.class.getResourceAsStream(STYLE_FILE)) {
        Files.copy(in, xml, StandardCopyOption.REPLACE_EXISTING);
      }
      return xml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the example map in " + dir, e);
    }
  }

  /**
   * The land polygons (GeoJSON), fetched by {@code scripts/demo-data.sh} when they are not there yet. The
   * test command fetches them before the build; this covers a bare {@code mvn verify}.
   */
  public static synchronized Path data() {
    Path data = JtileDaemons.checkoutFile(".cache/demo/" + DATA_FILE);
    if (!Files.isRegularFile(data)) {
      ExternalProcess.Result fetch;
      try {
        fetch = ExternalProcess.run(Files.createTempDirectory("demo-data"), Duration.ofMinutes(5), "",
            List.of(JtileDaemons.checkoutFile("scripts/demo-data.sh").toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot fetch the example map's data", e);
      }
      if (fetch.exitCode() != 0 || !Files.isRegularFile(data)) {
        throw new IllegalStateException("the example map's data is missing (" + data + ") and scripts/demo-data.sh"
            + " could not fetch it (exit " + fetch.exitCode() + "): " + fetch.output().strip());
      }
    }
    return data;
  }
}
