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
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every metric the shipped Grafana dashboard asks for is in a live scrape of one of the two daemons. */
class GrafanaDashboardTest {
  private static final Pattern NAME_REGEX = Pattern.compile("__name__=~\"([^\"]+)\"");
  private static final Pattern METRIC = Pattern.compile("\\b(?:modtile|jtile|renderd)_[a-z0-9_]+\\b");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private String get(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  @Test
  void everyQueryOfTheDashboard_namesMetricsBothDaemonsServe() throws Exception {
    Config dashboard = ConfigFactory.parseFile(
        JtileDaemons.checkoutFile("conf/monitoring/jtile-grafana-dashboard.json").toFile());
    List<String> queries = new ArrayList<>();
    for (Config panel : dashboard.getConfigList("panels")) {
      if (panel.hasPath("targets")) {
        panel.getConfigList("targets").forEach(t -> queries.add(t.getString("expr")));
      }
    }
    assertThat(queries).hasSizeGreaterThan(10);

    Set<String> served = new HashSet<>();
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    int metricsPort = Ports.free();
    MapConfig map = MapConfig.builder("default").tileDir(tiles.toString()).renderer("test", Map.of()).build();
    try (Renderd renderd = Renderd.start(RenderdConfig.builder(List.of(map)).socket(socket).metricsPort(metricsPort)
        .build(), Renderers.providers());
        FrontendServer frontend = new FrontendServer(FrontendConfig.of(List.of(Layer.simple("/default/", "default",
            tiles.toString())), Optional.of(UnixDomainSocketAddress.of(socket)), RenderPolicy.DEFAULT),
            Clock.systemUTC(), () -> 0.0)) {
      frontend.start();
      String base = "http://127.0.0.1:" + frontend.port();
      for (String tile : List.of("/default/3/1/1.png", "/default/5/9/9.png", "/default/5/9/9.png")) {
        get(base + tile); // rendered, then served: every series has a sample
      }
      names(get(base + "/metrics"), served);
      names(get("http://127.0.0.1:" + metricsPort + "/metrics"), served);
    }

    for (String query : queries) {
      Matcher regex = NAME_REGEX.matcher(query);
      while (regex.find()) {
        Pattern names = Pattern.compile(regex.group(1));
        assertThat(served).as("a metric matching %s (in %s)", regex.group(1), query)
            .anyMatch(n -> names.matcher(n).matches());
      }
      Matcher metric = METRIC.matcher(NAME_REGEX.matcher(query).replaceAll(""));
      while (metric.find()) {
        assertThat(served).as("in %s", query).contains(metric.group());
      }
    }
  }

  private static void names(String scrape, Set<String> into) {
    for (String line : scrape.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        into.add(line.split("[{ ]", 2)[0]);
      }
    }
  }
}
