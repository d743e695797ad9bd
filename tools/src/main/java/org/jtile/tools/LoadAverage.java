package org.jtile.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's one-minute load average, as mod_tile's tools read it for {@code --max-load}. */
final class LoadAverage {
  private LoadAverage() {}

  /** The load average, or 0 where /proc/loadavg cannot be read (never blocks a run). */
  static double now() {
    try {
      String text = Files.readString(Path.of("/proc/loadavg"));
      return Double.parseDouble(text.substring(0, text.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
