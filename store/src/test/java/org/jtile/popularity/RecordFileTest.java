package org.jtile.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jtile.popularity.PopularityRecordTest.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jtile.metatile.MetatileCoord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {
  private static final MetatileCoord A = new MetatileCoord(16, 32768, 21784);
  private static final MetatileCoord B = new MetatileCoord(3, 0, 0);

  @TempDir Path dir;

  @Test
  void aRecordReadBackHasTheSameCountsTopSetAndTotal() throws IOException {
    PopularityRecord record = sample();
    Path file = dir.resolve("front-1" + RecordFile.SUFFIX);
    RecordFile.write(record, file);

    PopularityRecord read = RecordFile.read(file, 100);

    assertThat(read.widthLog2()).isEqualTo(record.widthLog2());
    assertThat(read.totalViews()).isEqualTo(record.totalViews());
    assertThat(read.ranked()).isEqualTo(record.ranked());
    assertThat(read.estimate("osm", A)).isEqualTo(25);
    assertThat(read.decayedAt()).isEqualTo(record.decayedAt()).isPositive();
    read.viewed("osm", A);
    read.maintain();
    assertThat(read.estimate("osm", A)).as("counting goes on where it stopped").isEqualTo(26);
    try (var listed = Files.list(dir)) {
      assertThat(listed).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void everyTruncationOrCorruptionIsRefusedWithAReason() throws IOException {
    Path file = dir.resolve("good" + RecordFile.SUFFIX);
    RecordFile.write(sample(), file);
    byte[] good = Files.readAllBytes(file);
    List<byte[]> bad = new ArrayList<>();
    for (int length = 0; length < good.length; length += Math.max(1, good.length / 40)) {
      bad.add(Arrays.copyOf(good, length));
    }
    bad.add(Arrays.copyOf(good, good.length - 1));
    PopularityRecord original = sample();
    for (int at = 6; at < good.length; at++) {
      byte[] flipped = good.clone();
      flipped[at] ^= 0x5A;
      Files.write(file, flipped);
      try {
        PopularityRecord read = RecordFile.read(file, 100);
        // a flip in deflate bits that do not change what they decode to (unused code lengths, padding)
        assertThat(read.ranked()).as("flip at %d", at).isEqualTo(original.ranked());
        assertThat(read.totalViews()).isEqualTo(original.totalViews());
      } catch (IOException e) {
        assertThat(e).hasMessageMatching("(?s).*(truncated|corrupt|checksum|trailing).*");
      }
    }
    byte[] version = good.clone();
    version[5] = 9;
    bad.add(version);
    bad.add("JTPOP is not enough".getBytes());
    bad.add(new byte[good.length]);

    Path broken = dir.resolve("broken" + RecordFile.SUFFIX);
    for (byte[] bytes : bad) {
      Files.write(broken, bytes);
      assertThatThrownBy(() -> RecordFile.read(broken, 100)).as("%d bytes", bytes.length).isInstanceOf(IOException.class)
          .hasMessageMatching("(?s).*(truncated|corrupt|checksum|version|trailing|not a popularity record).*");
    }
  }

  @Test
  void mergesEveryGoodRecordInADirectoryAndLeavesOutTheBadOnes() throws IOException {
    RecordFile.write(sample(), dir.resolve("a" + RecordFile.SUFFIX));
    PopularityRecord other = new PopularityRecord(12, 100);
    view(other, "osm", A, 5);
    other.maintain();
    RecordFile.write(other, dir.resolve("b" + RecordFile.SUFFIX));
    RecordFile.write(new PopularityRecord(13, 100), dir.resolve("wide" + RecordFile.SUFFIX));
    Files.write(dir.resolve("c" + RecordFile.SUFFIX), new byte[] {'J', 'T'});
    Files.writeString(dir.resolve("notes.txt"), "not a record");
    List<String> warnings = new ArrayList<>();

    PopularityRecord merged = RecordFile.readAll(dir, 100, warnings::add);

    assertThat(merged.estimate("osm", A)).isEqualTo(30);
    assertThat(merged.estimate("osm", B)).isEqualTo(4);
    assertThat(warnings).hasSize(2).anyMatch(w -> w.contains("c.pop") && w.contains("not a popularity record"))
        .anyMatch(w -> w.contains("sketch width 2^13"));
    assertThat(RecordFile.readAll(Files.createDirectory(dir.resolve("empty")), 100, warnings::add)).isNull();
  }

  private static PopularityRecord sample() {
    PopularityRecord record = new PopularityRecord(12, 100);
    view(record, "osm", A, 25);
    view(record, "osm", B, 4);
    view(record, "cycle", A, 2);
    record.maintain();
    record.decayIfDue(Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(7));
    return record;
  }
}
