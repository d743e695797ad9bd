package org.jtile.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.TlsSettings;
import org.jtile.frontend.tls.ServerKeys;

/**
 * The least Jetty 12 can do per cached tile, for the edge benchmark: the frontend's connectors (HTTP/1.1
 * cleartext; h2 and HTTP/1.1 over TLS by ALPN; a selector per core) with a handler that answers every tile from a map of byte
 * arrays, every header field encoded once at start, on the thread that read the request. No tile logic at
 * all: what this serves per second bounds what any handler on Jetty can.
 *
 * <p>{@code JettyFloor DIR PLAIN_PORT TLS_PORT FULLCHAIN PRIVKEY [h2-on-pool]} serves {@code DIR}'s files
 * under their paths until killed; with {@code h2-on-pool}, HTTP/2 responses are written from the pool.
 */
public final class JettyFloor extends Handler.Abstract.NonBlocking {
  private record Tile(ByteBuffer body, HttpField length) {}

  /** As the frontend's default {@code http.selectors = 0}. */
  private static final int SELECTORS = Runtime.getRuntime().availableProcessors();
  private static final HttpField TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "image/png");
  private static final HttpField CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "max-age=604800");

  private final Map<String, Tile> tiles;
  /** Whether HTTP/2 responses are written from the pool rather than the thread that read the stream. */
  private final boolean h2OnPool;

  private JettyFloor(Map<String, Tile> tiles, boolean h2OnPool) {
    this.tiles = tiles;
    this.h2OnPool = h2OnPool;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Tile tile = tiles.get(request.getHttpURI().getPath());
    if (tile == null) {
      return false;
    }
    if (h2OnPool && request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2) {
      request.getComponents().getThreadPool().execute(() -> respond(tile, response, callback));
    } else {
      respond(tile, response, callback);
    }
    return true;
  }

  private static void respond(Tile tile, Response response, Callback callback) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().add(TYPE);
    response.getHeaders().add(CACHE);
    response.getHeaders().add(tile.length());
    response.write(true, tile.body().slice(), callback);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5 || args.length > 6 || args.length == 6 && !args[5].equals("h2-on-pool")) {
      System.err.println("usage: JettyFloor DIR PLAIN_PORT TLS_PORT FULLCHAIN PRIVKEY [h2-on-pool]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Map<String, Tile> tiles = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer body = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        tiles.put("/" + dir.relativize(file).toString().replace('\\', '/'),
            new Tile(body.asReadOnlyBuffer(), new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, bytes.length)));
      }
    }
    Server server = new Server(new QueuedThreadPool(200, 8));
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    ServerConnector plain = new ServerConnector(server, -1, SELECTORS, new HttpConnectionFactory(config));
    plain.setHost("127.0.0.1");
    plain.setPort(Integer.parseInt(args[1]));
    plain.setAcceptQueueSize(511);
    server.addConnector(plain);
    server.addConnector(secure(server, config, Integer.parseInt(args[2]), Path.of(args[3]), Path.of(args[4])));
    server.setHandler(new JettyFloor(tiles, args.length == 6));
    server.start();
    System.out.println("serving " + tiles.size() + " files");
    server.join();
  }

  private static ServerConnector secure(Server server, HttpConfiguration config, int port, Path chain, Path key)
      throws IOException {
    SslContextFactory.Server tls =
        FrontendServer.tlsContext(ServerKeys.read(TlsSettings.pem(port, chain, key), Instant.now()));
    HttpConfiguration secure = FrontendServer.httpsConfig(config);
    HttpConnectionFactory http1 = new HttpConnectionFactory(secure);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol(http1.getProtocol());
    ServerConnector connector = new ServerConnector(server, -1, SELECTORS, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
        new HTTP2ServerConnectionFactory(secure), http1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(511);
    return connector;
  }
}
