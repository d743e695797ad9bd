package org.jtile.metatile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetatileFormatTest {
  @TempDir Path dir;

  /** 64 distinct fake tiles: tile i holds "tile-i" repeated i+1 times. */
  private static byte[][] tiles() {
    byte[][] tiles = new byte[64][];
    for (int i = 0; i < 64; i++) {
      tiles[i] = ("tile-" + i).repeat(i + 1).getBytes(StandardCharsets.US_ASCII);
    }
    return tiles;
  }

  @Test
  void write_headerBytes_areModTilesLayout() {
    byte[][] tiles = tiles();
    byte[] meta = MetatileWriter.write(new MetatileCoord(9, 296, 184), tiles);
    ByteBuffer in = ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(meta, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("META");
    assertThat(in.getInt(4)).isEqualTo(64);
    assertThat(in.getInt(8)).isEqualTo(296);
    assertThat(in.getInt(12)).isEqualTo(184);
    assertThat(in.getInt(16)).isEqualTo(9);
    int offset = 532;
    for (int i = 0; i < 64; i++) {
      assertThat(in.getInt(20 + 8 * i)).as("offset %d", i).isEqualTo(offset);
      assertThat(in.getInt(24 + 8 * i)).as("size %d", i).isEqualTo(tiles[i].length);
      offset += tiles[i].length;
    }
    assertThat(meta).hasSize(offset);
  }

  @Test
  void write_absentTiles_getSizeZeroAtTheRunningOffset() throws Exception {
    byte[][] tiles = new byte[64][];
    tiles[0] = new byte[] {1, 2, 3};
    tiles[Metatile.slot(1, 1)] = new byte[] {4};
    byte[] meta = MetatileWriter.write(new MetatileCoord(1, 0, 0), tiles);
    ByteBuffer in = ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(in.getInt(20 + 8)).isEqualTo(535);
    assertThat(in.getInt(24 + 8)).isZero();
    assertThat(MetatileReader.readTile(ByteBuffer.wrap(meta), 1)).isEmpty();
    assertThat(MetatileReader.readTile(ByteBuffer.wrap(meta), 9).orElseThrow().bytes()).containsExactly(4);
  }

  @Test
  void readTile_fromFile_returnsEachTileWritten() throws Exception {
    byte[][] tiles = tiles();
    Path file = Files.write(dir.resolve("t.meta"), MetatileWriter.write(new MetatileCoord(3, 0, 0), tiles));
    try (FileChannel channel = FileChannel.open(file)) {
      for (int slot = 0; slot < 64; slot++) {
        TileData tile = MetatileReader.readTile(channel, slot).orElseThrow();
        assertThat(tile.bytes()).isEqualTo(tiles[slot]);
        assertThat(tile.gzipped()).isFalse();
      }
    }
    assertThat(MetatileReader.readAll(ByteBuffer.wrap(Files.readAllBytes(file)))).isDeepEqualTo(tiles);
  }

  @Test
  void readTile_zeroOffsetEmptyEntries_as061Writes_areAbsentTiles() throws Exception {
    byte[] meta = MetatileWriter.write(new MetatileCoord(0, 0, 0), singleTile());
    ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN).putInt(20 + 8, 0);
    assertThat(MetatileReader.readTile(ByteBuffer.wrap(meta), 1)).isEmpty();
    assertThat(MetatileReader.readTile(ByteBuffer.wrap(meta), 0)).isPresent();
  }

  @Test
  void readTile_metz_isFlaggedAndInflates() throws Exception {
    byte[] png = "not really a png".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(png);
    }
    byte[][] tiles = new byte[64][];
    tiles[0] = gz.toByteArray();
    byte[] meta = MetatileWriter.write(new MetatileCoord(0, 0, 0), tiles);
    meta[3] = 'Z';
    TileData tile = MetatileReader.readTile(ByteBuffer.wrap(meta), 0).orElseThrow();
    assertThat(tile.gzipped()).isTrue();
    assertThat(tile.inflated()).isEqualTo(png);
  }

  @Test
  void inflated_notGzip_throwsFormatException() {
    TileData bogus = new TileData(new byte[] {1, 2, 3}, true);
    assertThatThrownBy(bogus::inflated)
        .isInstanceOf(MetatileFormatException.class)
        .hasMessageStartingWith("compressed tile is not valid gzip");
  }

  @Test
  void inflated_gzipBomb_stopsAtTheLimit() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[TileData.MAX_INFLATED_SIZE + 1]);
    }
    assertThatThrownBy(() -> new TileData(gz.toByteArray(), true).inflated())
        .isInstanceOf(MetatileFormatException.class)
        .hasMessageContaining("inflates beyond");
  }

  @Test
  void badMetatiles_giveTypedErrors_fromMemoryAndFromFile() throws Exception {
    byte[] good = MetatileWriter.write(new MetatileCoord(0, 0, 0), singleTile());
    expectBad(new byte[0], "metatile is 0 bytes, too small for the 532-byte header");
    expectBad(Arrays.copyOf(good, 531), "metatile is 531 bytes, too small for the 532-byte header");
    expectBad(patch(good, 0, 'X'), "bad metatile magic \"XETA\" (expected META or METZ)");
    expectBad(patchInt(good, 4, 63), "metatile holds 63 tiles, expected 64");
    expectBad(patchInt(good, 4, -1), "metatile holds -1 tiles, expected 64");
    expectBad(patchInt(good, 24, Metatile.MAX_TILE_SIZE + 1), "tile 0 has size 1048577, outside [0, 1048576]");
    expectBad(patchInt(good, 24, -5), "tile 0 has size -5, outside [0, 1048576]");
    expectBad(patchInt(good, 24, 1000), "tile 0 at offset 532 size 1000 lies outside the 537-byte metatile");
    expectBad(patchInt(good, 20, 10), "tile 0 at offset 10 size 5 lies outside the 537-byte metatile");
    expectBad(patchInt(good, 20, -1), "tile 0 at offset 4294967295 size 5 lies outside the 537-byte metatile");
    expectBad(Arrays.copyOf(good, 535), "tile 0 at offset 532 size 5 lies outside the 535-byte metatile");
  }

  @Test
  void write_wrongTileCountOrOversizedTile_isRejected() {
    assertThatThrownBy(() -> MetatileWriter.write(new MetatileCoord(0, 0, 0), new byte[63][]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[][] tiles = new byte[64][];
    tiles[3] = new byte[Metatile.MAX_TILE_SIZE + 1];
    assertThatThrownBy(() -> MetatileWriter.write(new MetatileCoord(0, 0, 0), tiles))
        .hasMessageContaining("tile 3 of 0/0/0 (metatile) is 1048577 bytes");
  }

  private void expectBad(byte[] meta, String message) throws Exception {
    assertThatThrownBy(() -> MetatileReader.readTile(ByteBuffer.wrap(meta), 0))
        .isInstanceOf(MetatileFormatException.class)
        .hasMessage(message);
    Path file = Files.write(dir.resolve("bad.meta"), meta);
    try (FileChannel channel = FileChannel.open(file)) {
      assertThatThrownBy(() -> MetatileReader.readTile(channel, 0))
          .isInstanceOf(MetatileFormatException.class)
          .hasMessage(message);
    }
  }

  private static byte[][] singleTile() {
    byte[][] tiles = new byte[64][];
    tiles[0] = new byte[] {1, 2, 3, 4, 5};
    return tiles;
  }

  private static byte[] patch(byte[] bytes, int at, char c) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) c;
    return copy;
  }

  private static byte[] patchInt(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return copy;
  }

  @Test
  void readTile_slotOutOfRange_isAProgrammingError() {
    byte[] good = MetatileWriter.write(new MetatileCoord(0, 0, 0), singleTile());
    assertThatThrownBy(() -> MetatileReader.readTile(ByteBuffer.wrap(good), 64))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
