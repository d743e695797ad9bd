package org.jtile.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store and Debian's C tools share one tile cache: expiry and deletion mean the same. */
class FileTileStoreInteropTest {
  private static final Instant WRITTEN = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path dir;
  private Path tiles;
  private FileTileStore store;

  @BeforeEach
  void setUp() throws Exception {
    tiles = Files.createDirectories(dir.resolve("tiles"));
    store = new FileTileStore(tiles, Clock.systemUTC());
  }

  /** jtile writes the metatiles holding 5/1/1 at zooms 3–5, all dated {@link #WRITTEN}. */
  private List<MetatileKey> writeChain() throws Exception {
    List<MetatileKey> keys =
        List.of(
            MetatileKey.containing("default", 5, 1, 1),
            MetatileKey.containing("default", 4, 0, 0),
            MetatileKey.containing("default", 3, 0, 0));
    for (MetatileKey key : keys) {
      store.write(key, FileTileStoreTest.metatile(key.coord(), "jtile", 0));
      Files.setLastModifiedTime(store.path(key), FileTime.from(WRITTEN));
    }
    return keys;
  }

  private ExternalProcess.Result renderExpired(String option) {
    Path renderExpired = Peers.require("render_expired", "renderd");
    return ExternalProcess.run(
        dir,
        Duration.ofSeconds(60),
        "5/1/1\n",
        Map.of("TZ", "Europe/Berlin"),
        List.of(renderExpired.toString(), option, "-z", "3", "-Z", "5", "-t", tiles.toString(),
            "-s", dir.resolve("no-renderd.sock").toString()));
  }

  @Test
  void renderExpiredTouch_isSeenAsExpired_withTheSameBackDatedTime() throws Exception {
    List<MetatileKey> keys = writeChain();
    ExternalProcess.Result result = renderExpired("--touch-from=3");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Total meta tiles touched: 3");

    Instant expected = Expiry.backDate(WRITTEN, ZoneId.of("Europe/Berlin")).orElseThrow();
    for (MetatileKey key : keys) {
      assertThat(Files.getLastModifiedTime(store.path(key)).toInstant()).as(key.toString()).isEqualTo(expected);
      TileKey tile = new TileKey("default", "", key.coord().tile(0, 0));
      assertThat(store.stat(tile).expired()).as(key.toString()).isTrue();
      assertThat(store.read(tile)).isPresent();
    }
  }

  @Test
  void renderExpiredDelete_isSeenAsMissing() throws Exception {
    List<MetatileKey> keys = writeChain();
    ExternalProcess.Result result = renderExpired("--delete-from=4");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(store.stat(new TileKey("default", "", keys.get(0).coord().tile(0, 0))).exists()).isFalse();
    assertThat(store.stat(new TileKey("default", "", keys.get(1).coord().tile(0, 0))).exists()).isFalse();
    // below --delete-from the metatile is queued for rendering instead (no renderd here): still there
    assertThat(store.stat(new TileKey("default", "", keys.get(2).coord().tile(0, 0))).exists()).isTrue();
  }

  @Test
  void expiredByJtile_isReRenderedByCRenderList_freshIsLeftAlone() throws Exception {
    MetatileKey expired = MetatileKey.containing("default", 5, 0, 0);
    MetatileKey fresh = MetatileKey.containing("default", 5, 8, 0);
    byte[] freshBytes = FileTileStoreTest.metatile(fresh.coord(), "fresh", 0);
    byte[] expiredBytes = FileTileStoreTest.metatile(expired.coord(), "old", 0);
    store.write(expired, expiredBytes);
    store.write(fresh, freshBytes);
    assertThat(store.expire(expired)).isTrue();

    Path socket = dir.resolve("renderd.sock");
    Path conf =
        new ClassicRenderdConf(socket, tiles)
            .map("default", ExampleMap.writeStyle(dir.resolve("style")))
            .writeTo(dir.resolve("renderd.conf"));
    try (ExternalProcess renderd = DebianRenderd.start(dir, conf, socket)) {
      Path renderList = Peers.require("render_list", "renderd");
      ExternalProcess.Result result =
          ExternalProcess.run(
              dir,
              Duration.ofSeconds(120),
              "0 0 5\n8 0 5\n",
              List.of(renderList.toString(), "-z", "5", "-Z", "5", "-m", "default", "-s", socket.toString(),
                  "-t", tiles.toString()));
      assertThat(result.exitCode()).as(result.output() + renderd.logTail()).isZero();
    }
    assertThat(Files.readAllBytes(store.path(expired))).isNotEqualTo(expiredBytes);
    assertThat(store.stat(new TileKey("default", "", expired.coord().tile(0, 0))).expired()).isFalse();
    assertThat(Files.readAllBytes(store.path(fresh))).isEqualTo(freshBytes);
  }
}
