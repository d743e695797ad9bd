package org.jtile.protocol;

/** The three versions of renderd's request struct and their exact sizes in bytes. */
public enum ProtocolVersion {
  /** ver, cmd, x, y, z: 20 bytes. Style is implicitly "default". */
  V1(1, 20),
  /** v1 + char xmlname[41] + 3 bytes padding: 64 bytes. Sent by mod_tile and the render_* tools. */
  V2(2, 64),
  /** v2 + char mimetype[41] + char options[41] + 1 byte padding: 144 bytes. Parameterised styles. */
  V3(3, 144);

  /** The size of the largest struct, i.e. the most a reader ever buffers for one message. */
  public static final int MAX_LENGTH = 144;

  private final int wire;
  private final int length;

  ProtocolVersion(int wire, int length) {
    this.wire = wire;
    this.length = length;
  }

  public int wire() {
    return wire;
  }

  /** {@code sizeof(struct protocol)} for this version. */
  public int length() {
    return length;
  }

  /** The version for a wire value. */
  public static ProtocolVersion fromWire(int wire) throws ProtocolException {
    switch (wire) {
      case 1:
        return V1;
      case 2:
        return V2;
      case 3:
        return V3;
      default:
        throw new ProtocolException("unknown protocol version " + wire + " (expected 1, 2 or 3)");
    }
  }
}
