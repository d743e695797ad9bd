package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.frontend.admin.AdminConfig;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.frontend.throttle.Cidr;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.Chromium;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.jtile.testing.Poll;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations page end to end: both daemons on loopback, bulk renders running (Debian's render_list:
 * the tools module builds after this one) and a client browsing, the page loaded in headless Chromium.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdminPageTest {
  private static final Pattern STATUS = Pattern.compile("<pre id=\"status\">(.*?)</pre>", Pattern.DOTALL);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Renderd renderd;
  private FrontendServer frontend;

  @AfterEach
  void stop() throws Exception {
    if (frontend != null) {
      frontend.close();
      frontend = null;
    }
    if (renderd != null) {
      renderd.close();
      renderd = null;
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + frontend.port() + path;
  }

  private Path start(AdminConfig admin) throws Exception {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    int metricsPort = Ports.free();
    MapConfig map = MapConfig.builder("default").tileDir(tiles.toString())
        .renderer("test", Map.of("delay_ms", "20")).build();
    renderd = Renderd.start(RenderdConfig.builder(List.of(map)).socket(socket).threads(2).metricsPort(metricsPort)
        .build(), Renderers.providers());
    AdminConfig withMetrics = new AdminConfig(admin.enabled(), admin.allow(),
        Optional.of(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")), admin.sampleInterval());
    frontend = new FrontendServer(FrontendConfig.of(List.of(Layer.simple("/default/", "default", tiles.toString())),
        Optional.of(UnixDomainSocketAddress.of(socket)), RenderPolicy.DEFAULT).withAdmin(withMetrics),
        Clock.systemUTC(), () -> 0.0);
    frontend.start();
    return socket;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static AdminConfig on(String... allow) {
    return new AdminConfig(true, java.util.Arrays.stream(allow).map(Cidr::parse).toList(), Optional.empty(),
        Duration.ofMillis(200));
  }

  @Test
  void adminPage_whileBulkRendersRunAndAClientBrowses_drawsEveryChartAndBothHeatMaps() throws Exception {
    Path renderList = Peers.require("render_list", "renderd");
    Path socket = start(on("127.0.0.1/32", "::1/128"));
    AtomicBoolean browsing = new AtomicBoolean(true);
    Thread viewer = new Thread(() -> {
      for (int i = 0; browsing.get() && i < 10_000; i++) {
        try {
          get("/default/" + (3 + i % 4) + "/" + i % 8 + "/" + i % 5 + ".png");
        } catch (Exception e) {
          return;
        }
      }
    }, "test-viewer");
    viewer.start();
    ExternalProcess bulk = ExternalProcess.start("render_list", dir, List.of(renderList.toString(), "-a", "-z", "0",
        "-Z", "8", "-n", "2", "-m", "default", "-s", socket.toString(), "-t", dir.resolve("tiles").toString()),
        Map.of());
    try (bulk) {
      Poll.until(Duration.ofSeconds(30), () -> {
        Config d = ConfigFactory.parseString(get("/admin/data").body());
        return !d.getList("render_time.zooms").isEmpty() && !d.getList("heat.renders").isEmpty()
            && d.getList("time").size() >= 10;
      });
      ExternalProcess.Result loaded = Chromium.run(dir, 1400, 1500, "--enable-logging=stderr", "--v=0", "--dump-dom",
          url("/admin"));
      String dom = loaded.output();
      // the page writes nothing to the console: any line there is an error (a script's, or a failed load)
      assertThat(dom.lines().filter(l -> l.contains(":CONSOLE("))).as("console messages").isEmpty();
      Matcher m = STATUS.matcher(dom);
      assertThat(m.find()).as(dom).isTrue();
      Config status = ConfigFactory.parseString(m.group(1).replace("&quot;", "\""));
      assertThat(status.getStringList("errors")).as("script errors").isEmpty();
      assertThat(status.getInt("loads")).isPositive();
      for (String chart : List.of("tiles", "hot", "waits", "waiting", "queue", "rendered", "render_time")) {
        assertThat(status.getInt("charts." + chart)).as("points in chart %s", chart).isPositive();
      }
      assertThat(status.getInt("heat.requests")).as("request cells drawn").isPositive();
      assertThat(status.getInt("heat.renders")).as("render cells drawn").isPositive();

      Path screenshot = dir.resolve("admin.png");
      Chromium.run(dir, 1400, 1500, "--screenshot=" + screenshot, url("/admin"));
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);
      // kept for the docs' picture of the page
      Files.copy(screenshot, Path.of("target", "admin-page.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browsing.set(false);
      viewer.join(10_000);
    }
  }

  @Test
  void adminPage_off_is404_fromAnAddressNotAllowed_is403() throws Exception {
    start(AdminConfig.OFF);
    assertThat(get("/admin").statusCode()).isEqualTo(404);
    assertThat(get("/admin/data").statusCode()).isEqualTo(404);
    stop();

    start(on("192.0.2.0/24"));
    assertThat(get("/admin").statusCode()).isEqualTo(403);
    assertThat(get("/admin/data").statusCode()).isEqualTo(403);
    assertThat(get("/admin/uPlot.iife.min.js").statusCode()).isEqualTo(403);
    stop();

    start(on("127.0.0.0/8"));
    HttpResponse<String> page = get("/admin");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("uPlot.iife.min.js", "\"uri\": \"/default/\"");
    assertThat(get("/admin/data").headers().firstValue("content-type")).contains("application/json");
    assertThat(get("/admin/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    assertThat(get("/admin/nope").statusCode()).isEqualTo(404);
  }
}
