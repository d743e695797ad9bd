package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtile.daemon.DaemonSignals;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP (systemd's ExecReload) on both daemons as processes: a new map and layer appear, a broken file
 * is refused and the running configuration kept, and requests under load are never dropped; also when they
 * were started with SIGHUP ignored.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReloadTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static final String RENDERD = """
      jtile.renderd {
        socket = "%s"
        num_threads = 2
        tile_dir = "%s"
        maps { %s }
      }
      """;
  private static final String FRONTEND = """
      jtile.frontend {
        http { host = "127.0.0.1", port = %d }
        render { socket = "%s", missing_timeout = 20s }
        tile_dir = "%s"
        layers { %s }
      }
      """;

  @Test
  void sighup_addsMapsAndLayers_refusesABrokenFile_andDropsNoRequest() throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    Path renderdConf = dir.resolve("renderd.conf");
    Path frontendConf = dir.resolve("frontend.conf");
    String oneMap = "one { renderer = test, uri = \"/one/\" }";
    String bothMaps = oneMap + ", two { renderer = test, uri = \"/two/\" }";
    Files.writeString(renderdConf, RENDERD.formatted(socket, tiles, oneMap));
    Files.writeString(frontendConf, FRONTEND.formatted(0, socket, tiles, "one {}"));
    // Under nohup, as some CI runners and operators start them: SIGHUP arrives ignored, and the launchers must
    // re-arm it, or the JVM keeps it ignored and reload silently does nothing.
    List<String> nohup = List.of("nohup");
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", nohup,
            List.of("--config", renderdConf.toString()));
        JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, "frontend", nohup,
            List.of("--config", frontendConf.toString()))) {
      assertThat(status(frontend, "/one/3/1/1.png")).isEqualTo(200);
      assertThat(status(frontend, "/two/3/1/1.png")).isEqualTo(404);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger served = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      Thread load = new Thread(() -> {
        int i = 0;
        while (running.get()) {
          String path = "/one/4/" + (i % 16) + "/" + (i / 16 % 16) + ".png";
          i++;
          try {
            int code = status(frontend, path);
            if (code != 200) {
              failures.add(path + " " + code);
            }
            served.incrementAndGet();
          } catch (Exception e) {
            failures.add(path + " " + e);
          }
        }
      }, "load");
      load.start();

      // the same file keeps its port: a reload must not need a restart
      Files.writeString(renderdConf, RENDERD.formatted(socket, tiles, bothMaps));
      Files.writeString(frontendConf, FRONTEND.formatted(frontend.port(), socket, tiles, "one {}, two {}"));
      renderd.signal("HUP");
      frontend.process().signal("HUP");
      awaitLog(renderd, "reloaded: maps");
      awaitLog(frontend.process(), "reloaded: layers");
      assertThat(status(frontend, "/two/3/1/1.png")).as(renderd.logTail()).isEqualTo(200);

      // a broken file is refused: the running configuration stays
      Files.writeString(renderdConf, RENDERD.formatted(socket, tiles, "three { scale = 99, renderer = test }"));
      Files.writeString(frontendConf, FRONTEND.formatted(frontend.port(), socket, tiles, "one { max_zoom = 99 }"));
      renderd.signal("HUP");
      frontend.process().signal("HUP");
      awaitLog(renderd, "reload failed, keeping the running configuration: ");
      awaitLog(frontend.process(), "reload failed, keeping the running configuration: ");
      assertThat(status(frontend, "/two/5/1/1.png")).isEqualTo(200);

      Thread.sleep(500);
      running.set(false);
      load.join();
      assertThat(failures).isEmpty();
      assertThat(served.get()).isGreaterThan(20);
      assertThat(renderd.isAlive()).isTrue();
      assertThat(frontend.process().isAlive()).isTrue();
      assertThat(renderd.output()).doesNotContain(DaemonSignals.RELOAD_OFF);
      assertThat(frontend.process().output()).doesNotContain(DaemonSignals.RELOAD_OFF);
    }
  }

  private static void awaitLog(ExternalProcess process, String line) {
    process.awaitReady(() -> process.output().contains(line), Duration.ofSeconds(30));
  }

  private int status(JtileDaemons.Frontend frontend, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(frontend.url(path))).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
