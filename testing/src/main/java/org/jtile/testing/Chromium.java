package org.jtile.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Chromium, headless, as the pages' tests load them: a profile of its own under the test's
 * directory, nothing fetched from the network but the page, and virtual time so timers run at once.
 */
public final class Chromium {
  private Chromium() {}

  /**
   * Runs Chromium with {@code args} (e.g. {@code --dump-dom URL}) at {@code width}×{@code height}; fails the
   * test if it does not exit 0 within 90 s.
   */
  public static ExternalProcess.Result run(Path dir, int width, int height, String... args) {
    Path chromium = Peers.require("chromium", "chromium");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("chromium"),
        "--window-size=" + width + "," + height, "--virtual-time-budget=20000"));
    command.addAll(List.of(args));
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(90), "", command);
    if (result.exitCode() != 0) {
      throw new AssertionError("chromium exited with " + result.exitCode() + "\n" + result.output());
    }
    return result;
  }
}
