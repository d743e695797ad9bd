package org.jtile.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real peers the interop tests run against: Debian's {@code renderd}, {@code render_list},
 * {@code memcached}, Apache and so on.
 *
 * <p>On a developer machine without them a test is skipped with a message naming the package; where
 * {@code JTILE_REQUIRE_PEERS=1} (set by the project's test command, which installs them) a missing peer
 * fails the test instead, so CI can never pass by skipping.
 */
public final class Peers {
  private static final String[] DIRS = {"/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"};

  private Peers() {}

  /** The absolute path of {@code program}, or the test is aborted / failed as described above. */
  public static Path require(String program, String debianPackage) {
    for (String dir : DIRS) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message = program + " not found: apt-get install " + debianPackage;
    if ("1".equals(System.getenv("JTILE_REQUIRE_PEERS"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
