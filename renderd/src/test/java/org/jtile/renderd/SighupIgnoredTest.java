package org.jtile.renderd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jtile.daemon.DaemonSignals;
import org.jtile.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renderd JVM started with SIGHUP ignored (nohup), not through its launcher, cannot reload, since the
 * JVM keeps an inherited ignore: it says so when it starts, instead of ignoring {@code systemctl reload}
 * without a word. (Through the launcher it reloads: ReloadTest.)
 */
class SighupIgnoredTest {
  @TempDir Path dir;

  @Test
  void startedWithSighupIgnored_saysReloadIsOff() throws Exception {
    assertThat(startAndLog(List.of("nohup"))).contains(DaemonSignals.RELOAD_OFF);
  }

  @Test
  void startedWithSighupAtItsDefault_saysNothing() throws Exception {
    // env resets it: the build itself may run with SIGHUP ignored
    assertThat(startAndLog(List.of("env", "--default-signal=HUP"))).doesNotContain("SIGHUP");
  }

  /**
   * renderd's log until it listens (warnings only: this class path logs no info), started by {@code starter} as
   * a bare JVM on this test's class path.
   */
  private String startAndLog(List<String> starter) throws Exception {
    Path socket = dir.resolve("renderd.sock");
    Path conf = Files.writeString(dir.resolve("renderd.conf"), """
        jtile.renderd {
          socket = "%s"
          tile_dir = "%s"
          maps { one { renderer = test } }
        }
        """.formatted(socket, Files.createDirectories(dir.resolve("tiles"))));
    List<String> command = new ArrayList<>(starter);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RenderdMain.class.getName(), "--config", conf.toString()));
    try (ExternalProcess renderd = ExternalProcess.start("renderd", dir, command)) {
      renderd.awaitReady(() -> Files.exists(socket), Duration.ofSeconds(60));
      return renderd.output();
    }
  }
}
