package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileJsonAndCorsTest {
  @TempDir Path dir;
  private FrontendServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    List<Layer> layers = List.of(
        new Layer("/osm/", "osm", "png", "image/png", 2, 18, dir.toString(), false,
            "A \"quoted\"\ndescription", "", "*", "http://b.tile.example/"),
        new Layer("/strict/", "strict", "png", "image/png", 0, 20, dir.toString(), false, "", "© me",
            "https://a.example, https://b.example", ""),
        Layer.simple("/plain/", "plain", dir.toString()));
    server = new FrontendServer(FrontendConfig.of(layers, Optional.empty(), RenderPolicy.DEFAULT),
        Clock.systemUTC(), () -> 0.0);
    server.start();
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    for (String style : new String[] {"osm", "strict", "plain"}) {
      MetatileKey key = MetatileKey.containing(style, 3, 0, 0);
      byte[][] tiles = new byte[64][];
      java.util.Arrays.fill(tiles, new byte[] {1, 2, 3});
      store.write(key, MetatileWriter.write(key.coord(), tiles));
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tileJson_isValidJson_withEscapedValues_andBothHosts() throws Exception {
    HttpResponse<String> response = send("GET", "/osm/tile-layer.json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.headers().firstValue("cache-control")).contains("max-age=604800");
    Config json = ConfigFactory.parseString(response.body(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    assertThat(json.getString("tilejson")).isEqualTo("2.0.0");
    assertThat(json.getString("name")).isEqualTo("osm");
    assertThat(json.getString("description")).isEqualTo("A \"quoted\"\ndescription");
    assertThat(json.getString("attribution")).isEqualTo(TileJson.DEFAULT_ATTRIBUTION);
    assertThat(json.getInt("minzoom")).isEqualTo(2);
    assertThat(json.getInt("maxzoom")).isEqualTo(18);
    assertThat(json.getStringList("tiles")).containsExactly(
        "http://127.0.0.1:" + server.port() + "/osm/{z}/{x}/{y}.png", "http://b.tile.example/osm/{z}/{x}/{y}.png");
    String etag = response.headers().firstValue("etag").orElseThrow();
    assertThat(send("GET", "/osm/tile-layer.json", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(ConfigFactory.parseString(send("GET", "/strict/tile-layer.json").body(),
        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).getString("attribution")).isEqualTo("© me");
  }

  @Test
  void cors_anyOrigin_listedOrigins_andNone() throws Exception {
    assertThat(send("GET", "/osm/3/0/0.png", "Origin", "https://x.example").headers()
        .firstValue("access-control-allow-origin")).contains("*");
    HttpResponse<String> listed = send("GET", "/strict/3/0/0.png", "Origin", "https://b.example");
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.headers().firstValue("access-control-allow-origin")).contains("https://b.example");
    assertThat(listed.headers().allValues("vary")).contains("Origin");
    // a substring of the list is not an origin on it (mod_tile would allow it)
    assertThat(send("GET", "/strict/3/0/0.png", "Origin", "https://a").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/strict/3/0/0.png", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/strict/3/0/0.png").statusCode()).isEqualTo(200);
    HttpResponse<String> plain = send("GET", "/plain/3/0/0.png", "Origin", "https://x.example");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  @Test
  void corsPreflight_isAnswered_andOptionsWithoutCorsIs405() throws Exception {
    HttpResponse<String> preflight = send("OPTIONS", "/strict/3/0/0.png", "Origin", "https://a.example",
        "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-requested-with");
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("https://a.example");
    assertThat(preflight.headers().firstValue("access-control-allow-headers")).contains("x-requested-with");
    assertThat(preflight.headers().firstValue("access-control-max-age")).contains("604800");
    assertThat(send("OPTIONS", "/plain/3/0/0.png", "Origin", "https://a.example",
        "Access-Control-Request-Method", "GET").statusCode()).isEqualTo(405);
    assertThat(send("OPTIONS", "/strict/3/0/0.png", "Origin", "https://evil.example",
        "Access-Control-Request-Method", "GET").statusCode()).isEqualTo(403);
  }
}
