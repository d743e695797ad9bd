package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the package phase makes: {@code bin/jtile} starts from it while it is fresh, and
 * from the compiled classes once it is older than them; the script that makes it fails with a message and
 * leaves nothing half-written behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CdsArchiveIT {
  private static final Path TARGET = JtileDaemons.checkoutFile("tools/target");
  private static final Path ARCHIVE = TARGET.resolve("jtile-tools.jsa");
  private static final Path SCRIPT = JtileDaemons.checkoutFile("tools/src/main/sh/make-cds-archive.sh");

  @TempDir Path dir;

  @Test
  void binJtile_startsFromTheArchive_whileItIsFresh() throws Exception {
    assertThat(mainClassSource()).isEqualTo("shared objects file");

    FileTime made = Files.getLastModifiedTime(ARCHIVE);
    Files.setLastModifiedTime(ARCHIVE, FileTime.fromMillis(0)); // older than the classes: stale
    try {
      assertThat(mainClassSource()).endsWith("/tools/target/classes/");
      ExternalProcess.Result touched = ToolsTest.jtile(dir, "1/0/0\n", "render-expired", "-t", dir.toString(), "-T",
          "1", "-N");
      assertThat(touched.exitCode()).as(touched.output()).isZero();
      assertThat(touched.output()).contains("Total lines read: 1 (0 bad)");
    } finally {
      Files.setLastModifiedTime(ARCHIVE, made);
    }
    assertThat(mainClassSource()).isEqualTo("shared objects file");
  }

  @Test
  void makeCdsArchive_onAClasspathWithADirectory_failsClearly_andLeavesNothing() throws Exception {
    Path archive = dir.resolve("tools.jsa");
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(60), "", List.of(SCRIPT.toString(),
        archive.toString(), TARGET.resolve("classes").toString(), TARGET.resolve("classpath.txt").toString()));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("make-cds-archive: the JVM could not write " + archive)
        .contains("directory");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("tools.jsa"))).isEmpty();
    }
  }

  private String mainClassSource() {
    return JtileDaemons.toolsMainClassSource(dir, JtileDaemons.bin("jtile"));
  }
}
