package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jtile.testing.Chromium;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command as a person meets it: {@code scripts/demo.sh} (its start-up path; the build
 * is what this test run just did) on the example map, the slippy map loaded in headless Chromium, then
 * Ctrl-C.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoTest {
  private static final int HEADER = 31;
  private static final int SEA = 0xaad3df;
  private static final int LAND = 0xf2efe9;
  private static final Pattern TILE = Pattern.compile("<img[^>]*src=\"(/tiles/world/[^\"]+)\"[^>]*class=\"([^\"]*)\"");

  @TempDir Path dir;

  @Test
  void demoPage_showsTheWorld_inHeadlessChromium_andCtrlCStopsBothDaemons() throws Exception {
    Path state = dir.resolve("state");
    int port = Ports.free();
    Path demo = JtileDaemons.bin("jtile-frontend").getParent().resolveSibling("scripts/demo.sh");
    ExternalProcess script = ExternalProcess.start("demo", dir, List.of(demo.toString(), "--no-build"),
        Map.of("JTILE_STATE", state.toString(), "JTILE_PORT", String.valueOf(port)));
    try (script) {
      script.awaitReady(() -> script.output().contains("the slippy map is at http://127.0.0.1:" + port + "/"),
          Duration.ofSeconds(90));

      String dom = chromium("--dump-dom", "http://127.0.0.1:" + port + "/").output();
      Set<String> loaded = new HashSet<>();
      Matcher m = TILE.matcher(dom);
      while (m.find()) {
        assertThat(m.group(2)).as("tile %s", m.group(1)).doesNotContain("leaflet-tile-error");
        if (m.group(2).contains("leaflet-tile-loaded")) {
          loaded.add(m.group(1));
        }
      }
      assertThat(loaded).as(dom).hasSizeGreaterThanOrEqualTo(8);
      // a view in the address: zoom 3 around London
      String london = chromium("--dump-dom", "http://127.0.0.1:" + port + "/#3/51.5/-0.1").output();
      assertThat(london).contains("/tiles/world/3/3/2.png\"").doesNotContain("/tiles/world/2/");

      Path screenshot = dir.resolve("demo.png");
      chromium("--screenshot=" + screenshot, "http://127.0.0.1:" + port + "/");
      BufferedImage image = ImageIO.read(screenshot.toFile());
      // the page shows zoom 2 (1024 px around the world) centred on 20°N 0°E below its 2.2em header;
      // 0°N lies 58 px below 20°N there, 23°N 9 px above it, and 15°E 43 px east of 0°
      int centreX = image.getWidth() / 2;
      int centreY = (HEADER + image.getHeight()) / 2;
      assertThat(image.getRGB(centreX, centreY + 58) & 0xffffff).as("sea at 0°N 0°E").isEqualTo(SEA);
      assertThat(image.getRGB(centreX + 43, centreY - 9) & 0xffffff).as("land at 23°N 15°E, the Sahara")
          .isEqualTo(LAND);
      assertThat(colours(image)).as("not blank").hasSizeGreaterThan(20);

      String access = Files.readString(state.resolve("access.log"));
      assertThat(access).contains("\"GET / HTTP/1.1\" 200", "\"GET /leaflet/leaflet.js HTTP/1.1\" 200",
          "\"GET /tiles/world/2/");
      assertThat(access.lines().filter(l -> l.matches(".*\" [45]\\d\\d .*"))).as("4xx/5xx in the page's requests")
          .isEmpty();
      String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/mod_tile")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(stats).contains("NoResp404: 0\n", "NoResp5XX: 0\n");
    }
    // close() is SIGTERM, as Ctrl-C's SIGINT: the script stops both daemons and exits 0
    assertThat(script.exitCode()).as(script.logTail()).isZero();
    assertThat(script.output()).contains("Received exit request, stopping");
    assertThat(state.resolve("renderd.sock")).doesNotExist();
  }

  private ExternalProcess.Result chromium(String... args) {
    return Chromium.run(dir, 1024, 700, args);
  }

  private static Set<Integer> colours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 30; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours;
  }
}
