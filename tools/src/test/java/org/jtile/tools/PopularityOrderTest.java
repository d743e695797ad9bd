package org.jtile.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jtile.tools.ToolsTest.backDated;
import static org.jtile.tools.ToolsTest.jtile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** render-old and render-expired with --by-popularity: the most-viewed metatiles first, the rest as usual. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PopularityOrderTest {
  private static final MetatileCoord HOT = new MetatileCoord(5, 24, 24);
  private static final MetatileCoord WARM = new MetatileCoord(4, 8, 8);

  @TempDir Path dir;

  @Test
  void renderOld_byPopularity_rendersTheMostViewedFirst() throws Exception {
    try (Peer renderd = Peer.slow(dir, 10)) {
      renderAll(renderd);
      Instant before = backDated(renderd.tiles());
      Path records = records(renderd.tiles());
      ExternalProcess.Result result = jtile(dir, "", "render-old", "-z", "3", "-Z", "5", "-n", "1", "-T",
          String.valueOf(before.getEpochSecond() + 1), "--by-popularity", records.toString(), "-s", renderd.socket(),
          "-t", renderd.tiles().toString(), "-N");
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("requested: 21, done: 21");
      assertThat(renderOrder(renderd.tiles(), before)).hasSize(21).startsWith(HOT, WARM);
    }
  }

  @Test
  void renderExpired_byPopularity_rendersTheMostViewedFirst() throws Exception {
    try (Peer renderd = Peer.slow(dir, 10)) {
      renderAll(renderd);
      Instant before = backDated(renderd.tiles());
      Path records = records(renderd.tiles());
      ExternalProcess.Result result = jtile(dir, "5/0/0\n5/31/31\n", "render-expired", "-z", "3", "-Z", "5",
          "--by-popularity", records.toString(), "-s", renderd.socket(), "-t", renderd.tiles().toString(), "-N");
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("requested: 5, done: 5");
      // without the records: 5/0/0, 4/0/0, 3/0/0 (the first line's), then 5/24/24, 4/8/8
      assertThat(renderOrder(renderd.tiles(), before)).containsExactly(HOT, WARM, new MetatileCoord(5, 0, 0),
          new MetatileCoord(4, 0, 0), new MetatileCoord(3, 0, 0));
    }
  }

  @Test
  void aDirectoryWithoutRecords_isAClearError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("broken" + RecordFile.SUFFIX), "JTPIP1");
    ExternalProcess.Result none = jtile(dir, "", "render-old", "--by-popularity", empty.toString(), "-t",
        dir.toString(), "-s", dir.resolve("no.sock").toString(), "-N");
    assertThat(none.exitCode()).isEqualTo(ToolException.OPTIONS);
    assertThat(none.output()).contains("left out: not a popularity record",
        "render-old: --by-popularity: no readable popularity record (*.pop) in " + empty);
    ExternalProcess.Result missing = jtile(dir, "3/0/0\n", "render-expired", "--by-popularity",
        dir.resolve("nowhere").toString(), "-t", dir.toString(), "-N", "-T", "3");
    assertThat(missing.exitCode()).isEqualTo(ToolException.OPTIONS);
    assertThat(missing.output()).contains("render-expired: --by-popularity: no such directory: " + dir.resolve("nowhere"));
  }

  private void renderAll(Peer renderd) {
    assertThat(jtile(dir, "", "render-list", "-a", "-z", "3", "-Z", "5", "-n", "2", "-s", renderd.socket(), "-t",
        renderd.tiles().toString(), "-N").exitCode()).isZero();
  }

  /** Two frontends' records: one viewed HOT most, the other WARM; the merged order is HOT, WARM. */
  private Path records(Path tiles) throws Exception {
    Path records = Files.createDirectories(dir.resolve("popularity"));
    PopularityRecord one = new PopularityRecord(12, 100);
    PopularityRecord two = new PopularityRecord(12, 100);
    for (int i = 0; i < 30; i++) {
      one.viewed("default", HOT);
      two.viewed("default", HOT);
      two.viewed("default", WARM);
    }
    one.viewed("other-style", new MetatileCoord(3, 0, 0));
    RecordFile.write(one, records.resolve("front-1" + RecordFile.SUFFIX));
    RecordFile.write(two, records.resolve("front-2" + RecordFile.SUFFIX));
    return records;
  }

  /** The metatiles rendered after {@code since}, in the order they were written. */
  private static List<MetatileCoord> renderOrder(Path tiles, Instant since) throws Exception {
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    List<MetatileCoord> all = new java.util.ArrayList<>();
    for (int z = 3; z <= 5; z++) {
      for (int x = 0; x < 1 << z; x += 8) {
        for (int y = 0; y < 1 << z; y += 8) {
          all.add(new MetatileCoord(z, x, y));
        }
      }
    }
    return all.stream().filter(m -> modified(store, m).isAfter(since))
        .sorted(Comparator.comparing(m -> modified(store, m))).toList();
  }

  private static Instant modified(FileTileStore store, MetatileCoord m) {
    try {
      return Files.getLastModifiedTime(store.path(new MetatileKey("default", "", m))).toInstant();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
