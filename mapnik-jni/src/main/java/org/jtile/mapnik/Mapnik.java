package org.jtile.mapnik;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Loads jtile's Mapnik binding and initialises Mapnik once per process (input plugins and fonts are
 * process-wide in Mapnik).
 *
 * <p>The library is looked for, in order: the file named by {@code -Djtile.mapnik.library}; {@code
 * /native/linux-x86_64/libjtilemapnik.so} inside the jar (extracted to a temporary file); {@code
 * libjtilemapnik.so} on {@code java.library.path}.
 */
public final class Mapnik {
  public static final String LIBRARY_PROPERTY = "jtile.mapnik.library";
  private static final String RESOURCE = "/native/linux-x86_64/libjtilemapnik.so";

  /** Guarded by Mapnik.class. */
  private static boolean loaded;
  /** Guarded by Mapnik.class. */
  private static String initialised;

  private Mapnik() {}

  /**
   * Loads the library and registers {@code pluginsDir} and {@code fontDir} (recursively if asked).
   * Later calls with the same directories do nothing; other directories are an error, since Mapnik
   * cannot unregister.
   *
   * @throws MapnikException the library or libmapnik cannot be loaded, or Mapnik refuses the directories
   */
  public static synchronized void initialise(Path pluginsDir, Path fontDir, boolean recurse) {
    load();
    String key = pluginsDir + "|" + fontDir + "|" + recurse;
    if (initialised != null) {
      if (!initialised.equals(key)) {
        throw new MapnikException("Mapnik was already initialised with " + initialised + ", not " + key);
      }
      return;
    }
    if (!Files.isDirectory(pluginsDir)) {
      throw new MapnikException("Mapnik plugins directory does not exist: " + pluginsDir);
    }
    MapnikNative.init(pluginsDir.toString(), Files.isDirectory(fontDir) ? fontDir.toString() : "", recurse);
    initialised = key;
  }

  private static void load() {
    if (loaded) {
      return;
    }
    try {
      String configured = System.getProperty(LIBRARY_PROPERTY);
      if (configured != null) {
        System.load(Path.of(configured).toAbsolutePath().toString());
      } else {
        Path extracted = extract();
        if (extracted != null) {
          System.load(extracted.toString());
        } else {
          System.loadLibrary("jtilemapnik");
        }
      }
      loaded = true;
    } catch (UnsatisfiedLinkError | IOException e) {
      throw new MapnikException("cannot load jtile's Mapnik binding (" + e.getMessage()
          + "); it needs Debian's libmapnik3.1: apt-get install libmapnik3.1, or build with libmapnik-dev", e);
    }
  }

  private static Path extract() throws IOException {
    try (InputStream in = Mapnik.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Path file = Files.createTempFile("libjtilemapnik", ".so");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    }
  }

  static void checkInitialised() {
    synchronized (Mapnik.class) {
      Objects.requireNonNull(initialised, "Mapnik.initialise must be called first");
    }
  }
}
