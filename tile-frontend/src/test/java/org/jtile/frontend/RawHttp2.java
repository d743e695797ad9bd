package org.jtile.frontend;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 client that writes frames as a test wants them, not as a good client would: requests reset
 * at once (rapid reset), streams left open. Header blocks use HPACK literals only, so no table is kept.
 */
final class RawHttp2 implements AutoCloseable {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int GOAWAY = 7;
  static final int CANCEL = 8;

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final boolean tls;
  private int nextStream = 1;

  /** One frame as read. */
  record Frame(int type, int flags, int stream, byte[] payload) {
    int errorCode() {
      return ByteBuffer.wrap(payload, type == GOAWAY ? 4 : 0, 4).getInt();
    }
  }

  private RawHttp2(Socket socket, boolean tls) throws IOException {
    this.socket = socket;
    this.tls = tls;
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(frame(SETTINGS, 0, 0, new byte[0]));
    out.flush();
  }

  /** h2 by ALPN. */
  static RawHttp2 tls(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    if (!"h2".equals(socket.getApplicationProtocol())) {
      socket.close();
      throw new IOException("ALPN chose " + socket.getApplicationProtocol());
    }
    return new RawHttp2(socket, true);
  }

  /** h2c by prior knowledge. */
  static RawHttp2 cleartext(int port) throws IOException {
    return new RawHttp2(new Socket("127.0.0.1", port), false);
  }

  /** Opens a GET stream; {@code end} says whether the request is complete. Returns the stream id. */
  int get(String path, boolean end) throws IOException {
    int stream = nextStream;
    nextStream += 2;
    out.write(frame(HEADERS, end ? 0x5 : 0x4, stream, block(path)));
    return stream;
  }

  void reset(int stream) throws IOException {
    out.write(frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(CANCEL).array()));
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The next frame, or null once the server has closed. */
  Frame read() throws IOException {
    byte[] header = new byte[9];
    try {
      in.readFully(header);
    } catch (java.io.EOFException | java.net.SocketException closed) {
      return null;
    }
    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(header[3], header[4] & 0xff, ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff, payload);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** :method GET, :scheme, :path and :authority; the name indexed, the value literal, never indexed. */
  private byte[] block(String path) {
    byte[] p = path.getBytes(StandardCharsets.US_ASCII);
    byte[] authority = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + p.length + authority.length);
    b.put((byte) 0x82).put((byte) (tls ? 0x87 : 0x86));
    b.put((byte) 0x04).put((byte) p.length).put(p);
    b.put((byte) 0x01).put((byte) authority.length).put(authority);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    return ByteBuffer.allocate(9 + payload.length).put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8))
        .put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload).array();
  }
}
