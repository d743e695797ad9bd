package org.jtile.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes and decodes renderd's wire structs byte for byte: little-endian int32 fields, {@code
 * char[41]} NUL-terminated strings, zero padding to 20, 64 or 144 bytes.
 *
 * <p>There is no framing on the wire: the first int32 is the version and the version fixes the length.
 * {@link #frameLength} tells a non-blocking reader how many bytes to wait for; {@link #read} does the
 * same on a blocking channel and copes with short reads. Nothing here allocates by a size a peer sent:
 * the largest buffer is 144 bytes.
 */
public final class MessageCodec {
  static final int STRING_FIELD = RenderMessage.MAX_STRING_BYTES + 1;
  private static final int STYLE_OFFSET = 20;
  private static final int MIMETYPE_OFFSET = STYLE_OFFSET + STRING_FIELD;
  private static final int OPTIONS_OFFSET = MIMETYPE_OFFSET + STRING_FIELD;

  private MessageCodec() {}

  /**
   * The length of the message that starts at {@code buffered}'s position, or -1 if fewer than the 4
   * version bytes are there yet. Does not move the position.
   *
   * @throws ProtocolException the version is not 1, 2 or 3
   */
  public static int frameLength(ByteBuffer buffered) throws ProtocolException {
    if (buffered.remaining() < 4) {
      return -1;
    }
    int p = buffered.position();
    int version =
        (buffered.get(p) & 0xff)
            | (buffered.get(p + 1) & 0xff) << 8
            | (buffered.get(p + 2) & 0xff) << 16
            | (buffered.get(p + 3) & 0xff) << 24;
    return ProtocolVersion.fromWire(version).length();
  }

  /**
   * Decodes one whole message from {@code src}'s position and advances past it.
   *
   * @throws ProtocolException bad version, fewer bytes than the version needs, or a bad string field
   */
  public static RenderMessage decode(ByteBuffer src) throws ProtocolException {
    int length = frameLength(src);
    if (length < 0 || src.remaining() < length) {
      throw new ProtocolException(
          "incomplete message: " + src.remaining() + " bytes" + (length < 0 ? "" : " of " + length));
    }
    ByteBuffer in = src.slice(src.position(), length).order(ByteOrder.LITTLE_ENDIAN);
    ProtocolVersion version = ProtocolVersion.fromWire(in.getInt(0));
    Command command = Command.fromWire(in.getInt(4));
    int x = in.getInt(8);
    int y = in.getInt(12);
    int z = in.getInt(16);
    String style = RenderMessage.DEFAULT_STYLE;
    String mimetype = RenderMessage.DEFAULT_MIMETYPE;
    String options = "";
    if (version != ProtocolVersion.V1) {
      style = readString(in, STYLE_OFFSET, "style");
    }
    if (version == ProtocolVersion.V3) {
      mimetype = readString(in, MIMETYPE_OFFSET, "mimetype");
      options = readString(in, OPTIONS_OFFSET, "options");
    }
    src.position(src.position() + length);
    return new RenderMessage(version, command, x, y, z, style, mimetype, options);
  }

  /** Writes {@code message} at {@code dst}'s position (zero padding included) and advances past it. */
  public static void encode(RenderMessage message, ByteBuffer dst) {
    if (message.command() == Command.UNKNOWN) {
      throw new IllegalArgumentException("cannot encode an unknown command: " + message);
    }
    ProtocolVersion version = message.version();
    ByteBuffer out = dst.slice(dst.position(), version.length()).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(version.wire())
        .putInt(message.command().wire())
        .putInt(message.x())
        .putInt(message.y())
        .putInt(message.z());
    if (version != ProtocolVersion.V1) {
      putString(out, message.style());
    }
    if (version == ProtocolVersion.V3) {
      putString(out, message.mimetype());
      putString(out, message.options());
    }
    while (out.hasRemaining()) {
      out.put((byte) 0);
    }
    dst.position(dst.position() + version.length());
  }

  /** The message's bytes. */
  public static byte[] encode(RenderMessage message) {
    byte[] bytes = new byte[message.version().length()];
    encode(message, ByteBuffer.wrap(bytes));
    return bytes;
  }

  /**
   * Reads one message from a blocking channel: the version first, then exactly the rest.
   *
   * @return empty if the channel was at end of stream before the first byte
   * @throws TruncatedMessageException the stream ended inside a message
   * @throws ProtocolException the bytes are not a valid message
   */
  public static Optional<RenderMessage> read(ReadableByteChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(ProtocolVersion.MAX_LENGTH);
    buffer.limit(4);
    if (!readFully(channel, buffer)) {
      if (buffer.position() == 0) {
        return Optional.empty();
      }
      throw new TruncatedMessageException(buffer.position(), 4);
    }
    buffer.flip();
    int length = frameLength(buffer);
    buffer.position(4).limit(length);
    if (!readFully(channel, buffer)) {
      throw new TruncatedMessageException(buffer.position(), length);
    }
    buffer.flip();
    return Optional.of(decode(buffer));
  }

  /** Writes the whole message to a blocking channel. */
  public static void write(WritableByteChannel channel, RenderMessage message) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(encode(message));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  private static boolean readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String readString(ByteBuffer in, int offset, String field) throws ProtocolException {
    int end = offset;
    while (end < offset + STRING_FIELD && in.get(end) != 0) {
      end++;
    }
    if (end == offset + STRING_FIELD) {
      throw new ProtocolException(field + " field is not NUL-terminated within " + STRING_FIELD + " bytes");
    }
    if (end == offset) {
      return "";
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(in.slice(offset, end - offset));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException(field + " field is not valid UTF-8");
    }
  }

  private static void putString(ByteBuffer out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.put(bytes);
    for (int i = bytes.length; i < STRING_FIELD; i++) {
      out.put((byte) 0);
    }
  }
}
