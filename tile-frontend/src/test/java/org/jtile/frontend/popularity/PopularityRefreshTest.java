package org.jtile.frontend.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jtile.config.MapConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.popularity.FrequencySketch;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;
import org.jtile.renderd.Renderd;
import org.jtile.renderd.render.Renderers;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The frontend counting views, keeping them across restarts, and re-rendering stale metatiles most-viewed
 * first through a real renderd (jtile's, with the test renderer), with a second frontend's record merged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PopularityRefreshTest {
  private static final MetatileCoord A = new MetatileCoord(10, 512, 336);
  private static final MetatileCoord B = new MetatileCoord(10, 520, 336);
  private static final MetatileCoord C = new MetatileCoord(10, 512, 344);
  private static final MetatileCoord D = new MetatileCoord(10, 528, 336);
  private static final MetatileCoord UNVIEWED = new MetatileCoord(10, 536, 336);
  private static final MetatileCoord NEVER = new MetatileCoord(10, 544, 336);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Renderd renderd;
  private FrontendServer frontend;

  @AfterEach
  void stop() throws Exception {
    if (frontend != null) {
      frontend.close();
    }
    if (renderd != null) {
      renderd.close();
    }
  }

  @Test
  void staleMetatilesAreReRenderedMostViewedFirst_acrossBothFrontendsRecords() throws Exception {
    FileTileStore store = new FileTileStore(tiles(), Clock.systemUTC());
    for (MetatileCoord m : List.of(A, B, C, D, UNVIEWED, NEVER)) {
      write(store, m);
    }
    startRenderd();
    frontend = start(config(true));
    view(A, 12);
    view(B, 6);
    view(C, 2);
    PopularityRecord other = new PopularityRecord(FrequencySketch.widthFor(10_000), 1000);
    for (int i = 0; i < 40; i++) {
      other.viewed("default", D);
    }
    other.maintain();
    RecordFile.write(other, dir.resolve("popularity/front-b" + RecordFile.SUFFIX));
    assertThat(Poll.until(Duration.ofSeconds(10), () -> metric("jtile_frontend_popularity_top_metatiles") == 3))
        .isTrue();

    Instant importTime = Instant.now();
    Files.writeString(tiles().resolve("planet-import-complete"), "");
    Files.setLastModifiedTime(tiles().resolve("planet-import-complete"), FileTime.from(importTime));
    for (MetatileCoord m : List.of(A, B, C, D, UNVIEWED, NEVER)) {
      Files.setLastModifiedTime(store.path(key(m)), FileTime.from(importTime.minusSeconds(60)));
    }

    assertThat(Poll.until(Duration.ofSeconds(10), () -> metric("jtile_frontend_refresh_backlog") > 0)).isTrue();
    // while the refresh works, a stale tile is served at once, not rendered on view
    HttpResponse<String> stale = get("/default/10/" + UNVIEWED.x() + "/" + UNVIEWED.y() + ".png");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=900");

    // its one view puts it in the record: the next pass renders it, after the more viewed
    assertThat(Poll.until(Duration.ofSeconds(30), () -> metric("jtile_frontend_refresh_rendered") == 5)).isTrue();
    List<Instant> rendered = List.of(D, A, B, C, UNVIEWED).stream().map(m -> modified(store, m)).toList();
    assertThat(rendered).allMatch(t -> !t.isBefore(importTime)).isSorted();
    assertThat(Poll.until(Duration.ofSeconds(5), () -> metric("jtile_frontend_refresh_backlog") == 0)).isTrue();

    HttpResponse<String> after = get("/default/10/" + NEVER.x() + "/" + NEVER.y() + ".png");
    assertThat(after.headers().firstValue("Cache-Control").orElseThrow())
        .as("with no refresh at work, a stale tile is rendered on view").doesNotContain("max-age=900");
    assertThat(modified(store, NEVER)).isAfterOrEqualTo(importTime);
  }

  @Test
  void theRecordSurvivesARestart_andABadRecordFileIsSetAsideWithOneLogLine() throws Exception {
    FileTileStore store = new FileTileStore(tiles(), Clock.systemUTC());
    write(store, A);
    frontend = start(config(false));
    view(A, 7);
    assertThat(status(A)).contains("Popularity: about 7 views");
    frontend.close();
    Path file = dir.resolve("popularity/front-a" + RecordFile.SUFFIX);
    assertThat(file).exists();

    frontend = start(config(false));
    assertThat(status(A)).contains("Popularity: about 7 views");
    view(A, 1);
    assertThat(status(A)).contains("Popularity: about 8 views");
    frontend.close();

    byte[] good = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(good, good.length / 2));
    Logger logger = (Logger) LoggerFactory.getLogger(Popularity.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      frontend = start(config(false));
      assertThat(status(A)).contains("Popularity: about 0 views");
      assertThat(get("/default/10/512/336.png").statusCode()).isEqualTo(200);
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("popularity record " + file + " cannot be used (truncated): starting afresh");
  }

  private FrontendConfig config(boolean withRenderd) throws Exception {
    Layer layer = Layer.simple("/default/", "default", tiles().toString());
    Optional<SocketAddress> socket = withRenderd
        ? Optional.of(UnixDomainSocketAddress.of(dir.resolve("renderd.sock"))) : Optional.empty();
    return FrontendConfig.of(List.of(layer), socket, RenderPolicy.timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)))
        .withPopularity(new PopularityConfig(true, Optional.of(dir.resolve("popularity")), "front-a", 10_000, 1000,
            Duration.ofDays(7), Duration.ofHours(1), true, 1.0, 1, Duration.ofMillis(300), ""));
  }

  private FrontendServer start(FrontendConfig config) throws Exception {
    FrontendServer server = new FrontendServer(config, Clock.systemUTC(), () -> 0.0);
    server.start();
    return server;
  }

  private void startRenderd() throws Exception {
    MapConfig map = MapConfig.builder("default").tileDir(tiles().toString())
        .renderer("test", Map.of("delay_ms", "300")).build();
    renderd = Renderd.start(RenderdConfig.builder(List.of(map)).socket(dir.resolve("renderd.sock")).threads(1)
        .maxConnections(100).build(), Renderers.providers());
  }

  private Path tiles() throws Exception {
    return Files.createDirectories(dir.resolve("tiles"));
  }

  private static MetatileKey key(MetatileCoord m) {
    return new MetatileKey("default", "", m);
  }

  private static void write(FileTileStore store, MetatileCoord m) throws Exception {
    byte[][] tiles = new byte[64][];
    Arrays.fill(tiles, "tile".getBytes());
    store.write(key(m), MetatileWriter.write(m, tiles));
  }

  private static Instant modified(FileTileStore store, MetatileCoord m) {
    try {
      return Files.getLastModifiedTime(store.path(key(m))).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void view(MetatileCoord m, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      // different tiles of one metatile count for it alike
      assertThat(get("/default/10/" + (m.x() + i % 8) + "/" + m.y() + ".png").statusCode()).isEqualTo(200);
    }
  }

  private String status(MetatileCoord m) throws Exception {
    return get("/default/10/" + m.x() + "/" + m.y() + ".png/status").body();
  }

  private double metric(String name) throws Exception {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    return Double.NaN;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
