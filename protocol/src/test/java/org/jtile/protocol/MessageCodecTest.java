package org.jtile.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The bytes of a C {@code struct protocol} built by hand: little-endian ints, NUL padding. */
  private static byte[] struct(int version, int cmd, int x, int y, int z, String... strings) {
    int length = version == 1 ? 20 : version == 2 ? 64 : 144;
    ByteBuffer out = ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.putInt(version).putInt(cmd).putInt(x).putInt(y).putInt(z);
    for (int i = 0; i < strings.length; i++) {
      out.position(20 + 41 * i);
      out.put(strings[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return out.array();
  }

  @Test
  void encode_v2RenderBulk_matchesRenderListBytes() {
    RenderMessage request = RenderMessage.request(Command.RENDER_BULK, "default", 9, 297, 191);
    assertThat(HEX.formatHex(MessageCodec.encode(request)))
        .isEqualTo(
            "02000000" + "06000000" + "29010000" + "bf000000" + "09000000"
                + HEX.formatHex("default".getBytes()) + "00".repeat(41 - 7) + "000000");
  }

  @ParameterizedTest
  @EnumSource(value = Command.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void everyVersionAndCommand_roundTripsThroughGoldenBytes(Command command) throws Exception {
    int cmd = command.wire();
    byte[] v1 = struct(1, cmd, 1, 2, 3);
    byte[] v2 = struct(2, cmd, 4, 5, 6, "osm");
    byte[] v3 = struct(3, cmd, 7, 8, 9, "osm", "image/webp", "en,de,_");

    RenderMessage m1 = new RenderMessage(ProtocolVersion.V1, command, 1, 2, 3, "default", "image/png", "");
    RenderMessage m2 = new RenderMessage(ProtocolVersion.V2, command, 4, 5, 6, "osm", "image/png", "");
    RenderMessage m3 =
        new RenderMessage(ProtocolVersion.V3, command, 7, 8, 9, "osm", "image/webp", "en,de,_");

    assertThat(MessageCodec.decode(ByteBuffer.wrap(v1))).isEqualTo(m1);
    assertThat(MessageCodec.decode(ByteBuffer.wrap(v2))).isEqualTo(m2);
    assertThat(MessageCodec.decode(ByteBuffer.wrap(v3))).isEqualTo(m3);
    assertThat(MessageCodec.encode(m1)).isEqualTo(v1);
    assertThat(MessageCodec.encode(m2)).isEqualTo(v2);
    assertThat(MessageCodec.encode(m3)).isEqualTo(v3);
  }

  @Test
  void encode_fieldsTheVersionDoesNotCarry_areNotWritten() {
    RenderMessage v1 = new RenderMessage(ProtocolVersion.V1, Command.DONE, 1, 2, 3, "osm", "x/y", "o");
    assertThat(MessageCodec.encode(v1)).isEqualTo(struct(1, 3, 1, 2, 3));
  }

  @Test
  void encode_reusedBuffer_paddingIsZeroed() {
    ByteBuffer dirty = ByteBuffer.allocate(144);
    while (dirty.hasRemaining()) {
      dirty.put((byte) 0x55);
    }
    dirty.clear();
    RenderMessage m3 = new RenderMessage(ProtocolVersion.V3, Command.RENDER, 7, 8, 9, "a", "b", "");
    MessageCodec.encode(m3, dirty);
    assertThat(dirty.array()).isEqualTo(struct(3, 1, 7, 8, 9, "a", "b", ""));
  }

  @Test
  void reply_keepsTheRequestsVersionAndFields() {
    RenderMessage request = RenderMessage.request(Command.RENDER_PRIO, "osm", 3, 1, 2);
    RenderMessage reply = request.reply(Command.DONE);
    assertThat(MessageCodec.encode(reply)).hasSize(64);
    assertThat(request.isAnsweredBy(reply)).isTrue();
    assertThat(request.isAnsweredBy(RenderMessage.request(Command.DONE, "osm", 3, 1, 3))).isFalse();
  }

  @Test
  void decode_unknownCommand_decodesAsUnknown() throws Exception {
    RenderMessage m = MessageCodec.decode(ByteBuffer.wrap(struct(2, 42, 0, 0, 0, "osm")));
    assertThat(m.command()).isEqualTo(Command.UNKNOWN);
    assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_unknownVersion_throwsProtocolException() {
    for (int version : new int[] {0, 4, -1, 0x02000000}) {
      assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(struct(2, 1, 0, 0, 0, "a"))
              .putInt(0, Integer.reverseBytes(version))))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("unknown protocol version " + version);
    }
  }

  @Test
  void decode_truncatedStruct_throwsProtocolException() {
    byte[] v3 = struct(3, 1, 0, 0, 0, "a", "b", "c");
    for (int length : new int[] {0, 3, 19, 20, 63, 64, 143}) {
      assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(v3, 0, length)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("incomplete message");
    }
  }

  @Test
  void decode_stringWithoutNul_throwsProtocolException() {
    byte[] v2 = struct(2, 1, 0, 0, 0, "x".repeat(41));
    assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(v2)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("style field is not NUL-terminated within 41 bytes");
    byte[] v3 = struct(3, 1, 0, 0, 0, "osm", "m", "o".repeat(41));
    assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(v3)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("options field");
  }

  @Test
  void decode_bytesAfterTheNul_areIgnoredLikeC() throws Exception {
    byte[] v2 = struct(2, 1, 0, 0, 0, "osm");
    v2[25] = 'z';
    assertThat(MessageCodec.decode(ByteBuffer.wrap(v2)).style()).isEqualTo("osm");
  }

  @Test
  void decode_invalidUtf8_throwsProtocolException() {
    byte[] v2 = struct(2, 1, 0, 0, 0);
    v2[20] = (byte) 0xff;
    assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(v2)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("style field is not valid UTF-8");
  }

  @Test
  void frameLength_needsFourBytes_thenKnowsTheLength() throws Exception {
    assertThat(MessageCodec.frameLength(ByteBuffer.wrap(new byte[] {3, 0, 0}))).isEqualTo(-1);
    assertThat(MessageCodec.frameLength(ByteBuffer.wrap(new byte[] {3, 0, 0, 0}))).isEqualTo(144);
    assertThat(MessageCodec.frameLength(ByteBuffer.wrap(new byte[] {1, 0, 0, 0}))).isEqualTo(20);
  }

  @Test
  void read_pipelinedMessagesInOneByteChunks_decodesEach() throws Exception {
    ByteBuffer stream = ByteBuffer.allocate(20 + 64 + 144);
    stream.put(struct(1, 5, 1, 1, 1)).put(struct(2, 6, 2, 2, 2, "b")).put(struct(3, 7, 3, 3, 3, "c", "m", "o"));
    var in = Channels.newChannel(new OneByteAtATime(stream.array()));
    assertThat(MessageCodec.read(in).orElseThrow().command()).isEqualTo(Command.RENDER_PRIO);
    assertThat(MessageCodec.read(in).orElseThrow().style()).isEqualTo("b");
    assertThat(MessageCodec.read(in).orElseThrow().options()).isEqualTo("o");
    assertThat(MessageCodec.read(in)).isEmpty();
  }

  @Test
  void read_streamEndsInsideAMessage_throwsTruncated() {
    byte[] partial = java.util.Arrays.copyOf(struct(2, 1, 0, 0, 0, "a"), 30);
    var in = Channels.newChannel(new ByteArrayInputStream(partial));
    assertThatThrownBy(() -> MessageCodec.read(in))
        .isInstanceOf(TruncatedMessageException.class)
        .hasMessage("connection closed after 30 of 64 message bytes");
    var tiny = Channels.newChannel(new ByteArrayInputStream(new byte[] {2, 0}));
    assertThatThrownBy(() -> MessageCodec.read(tiny)).isInstanceOf(TruncatedMessageException.class);
  }

  @Test
  void renderMessage_rejectsStringsTooLongForTheWire() {
    assertThatThrownBy(() -> RenderMessage.request(Command.RENDER, "s".repeat(41), 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("style must be at most 40 bytes");
    assertThatThrownBy(() -> RenderMessage.request(Command.RENDER, "ü".repeat(21), 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RenderMessage.request(Command.RENDER, "a\0b", 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  /** An input stream that hands out one byte per read, like the shortest possible socket reads. */
  private static final class OneByteAtATime extends ByteArrayInputStream {
    OneByteAtATime(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
