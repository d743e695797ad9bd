package org.jtile.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One renderd protocol message, request or reply: {@code struct protocol} of mod_tile.
 *
 * <p>Fields a version does not carry hold renderd's defaults after decoding (v1: style "default";
 * v1 and v2: mimetype "image/png", options "") and are not written when encoding. A reply is the
 * request with another command, sent in the request's own version: {@link #reply(Command)}.
 *
 * @param x tile column as sent (not masked to the metatile)
 * @param y tile row as sent
 * @param style the map section name ({@code xmlname}), at most 40 UTF-8 bytes, no NUL
 * @param mimetype at most 40 UTF-8 bytes, no NUL
 * @param options the parameterised-style options, at most 40 UTF-8 bytes, no NUL
 */
public record RenderMessage(
    ProtocolVersion version,
    Command command,
    int x,
    int y,
    int z,
    String style,
    String mimetype,
    String options) {

  /** The style a v1 message implies, and the tools' default {@code --map}. */
  public static final String DEFAULT_STYLE = "default";

  public static final String DEFAULT_MIMETYPE = "image/png";

  /** The longest string a {@code char[41]} field holds, in bytes. */
  public static final int MAX_STRING_BYTES = 40;

  public RenderMessage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(command, "command");
    checkField("style", style);
    checkField("mimetype", mimetype);
    checkField("options", options);
  }

  /** A v2 request, as mod_tile and the render_* tools send. */
  public static RenderMessage request(Command command, String style, int z, int x, int y) {
    return new RenderMessage(ProtocolVersion.V2, command, x, y, z, style, DEFAULT_MIMETYPE, "");
  }

  /** This message with {@code command} in place of its own: renderd's reply to it. */
  public RenderMessage reply(Command command) {
    return new RenderMessage(version, command, x, y, z, style, mimetype, options);
  }

  /**
   * This message naming its style by {@code style}, an equal string: lets a server hold its own
   * configured name instead of a copy decoded per request.
   */
  public RenderMessage withStyle(String style) {
    if (!style.equals(this.style)) {
      throw new IllegalArgumentException("not the same style: " + style + " vs " + this.style);
    }
    return new RenderMessage(version, command, x, y, z, style, mimetype, options);
  }

  /**
   * True if {@code other} answers this request as mod_tile checks it: same x, y, z and style.
   */
  public boolean isAnsweredBy(RenderMessage other) {
    return other.x == x && other.y == y && other.z == z && other.style.equals(style);
  }

  private static void checkField(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.length() > MAX_STRING_BYTES
        || value.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_STRING_BYTES + " bytes: \"" + value + "\"");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + " must not contain NUL: \"" + value + "\"");
    }
  }

  @Override
  public String toString() {
    return command.logName() + " v" + version.wire() + " " + style + " z" + z + " x" + x + " y" + y
        + (options.isEmpty() ? "" : " options(" + options + ")");
  }
}
