package org.jtile.renderd.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolException;
import org.jtile.protocol.RenderMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * renderd's listeners and client connections on one selector thread ({@code renderd-selector}): no
 * thread per connection, so thousands of mod_tile and tool connections cost a buffer each.
 *
 * <p>Each readable connection is read as far as the socket allows and every whole message in its
 * buffer is handled, so pipelined requests are fine and a message split over several reads waits for
 * its rest (mod_tile's renderd disconnects such a slow writer). A protocol error closes that
 * connection only, after one log line.
 *
 * <p>Threads: the selector thread owns the selector, the listeners and every connection's read side;
 * replies are sent from render threads through {@link Connection#send}, which hands unfinished writes
 * back to the selector via {@link #wantWrite}.
 */
public final class SocketServer implements AutoCloseable {
  /**
   * Connections the kernel holds for the selector to accept: a frontend opens one per render request, so
   * a burst of map users arrives as a burst of connections (the kernel caps it at net.core.somaxconn).
   */
  static final int ACCEPT_QUEUE = 1024;

  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

  private final Selector selector;
  private final ReplyRules handler;
  private final int maxConnections;
  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private final List<Path> socketFiles = new ArrayList<>();
  /** Connections with replies waiting for the socket to become writable. */
  private final ConcurrentLinkedQueue<Connection> writers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong protocolErrors = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public SocketServer(ReplyRules handler, int maxConnections) throws IOException {
    this.selector = Selector.open();
    this.handler = handler;
    this.maxConnections = maxConnections;
    this.thread = new Thread(this::loop, "renderd-selector");
  }

  /**
   * Listens on a Unix socket at {@code path}: a stale file is replaced, and the socket gets its mode
   * and group before it appears under its name, so no client ever sees it wider than configured.
   */
  public void listenUnix(Path path, Set<PosixFilePermission> mode, String group) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    Path temp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(temp);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(temp), ACCEPT_QUEUE);
    PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
    view.setPermissions(mode);
    if (!group.isEmpty()) {
      GroupPrincipal principal =
          temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
      view.setGroup(principal);
    }
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    socketFiles.add(path);
    register(channel);
  }

  /** Listens on TCP; returns the bound address (port 0 picks a free one). */
  public InetSocketAddress listenTcp(String host, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
    channel.bind(new InetSocketAddress(host, port), ACCEPT_QUEUE);
    register(channel);
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void register(ServerSocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_ACCEPT);
    listeners.add(channel);
  }

  public void start() {
    thread.start();
  }

  public int openConnections() {
    return open.get();
  }

  public long protocolErrors() {
    return protocolErrors.get();
  }

  private void loop() {
    try {
      while (running) {
        selector.select(1000);
        for (Connection c; (c = writers.poll()) != null; ) {
          if (!c.isClosed() && c.key.isValid()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          }
        }
        for (SelectionKey key : selector.selectedKeys()) {
          dispatch(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (ClosedSelectorException | IOException e) {
      if (running) {
        log.error("renderd selector failed, no more requests are read: {}", e.toString());
      }
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept((ServerSocketChannel) key.channel());
      return;
    }
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isWritable() && connection.flush()) {
        key.interestOps(SelectionKey.OP_READ);
      }
      if (key.isValid() && key.isReadable()) {
        read(connection);
      }
    } catch (IOException e) {
      log.debug("{} failed: {}", connection, e.toString());
      connection.closeQuietly();
    }
  }

  private void accept(ServerSocketChannel listener) {
    SocketChannel channel;
    try {
      channel = listener.accept();
      if (channel == null) {
        return;
      }
    } catch (IOException e) {
      log.warn("accept failed: {}", e.toString());
      return;
    }
    try {
      if (open.get() >= maxConnections) {
        log.warn("Connection limit({}) reached. Dropping connection", maxConnections);
        channel.close();
        return;
      }
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      Connection connection = new Connection(ids.incrementAndGet(), channel, key, this);
      key.attach(connection);
      open.incrementAndGet();
    } catch (IOException e) {
      log.warn("cannot register a new connection: {}", e.toString());
    }
  }

  private void read(Connection connection) throws IOException {
    ByteBuffer in = connection.in;
    int n = connection.channel.read(in);
    if (n < 0) {
      // EOF: the client is gone; its waiting requests are still rendered, their replies dropped
      connection.closeQuietly();
      return;
    }
    in.flip();
    try {
      for (int length; (length = MessageCodec.frameLength(in)) > 0 && in.remaining() >= length; ) {
        RenderMessage request = MessageCodec.decode(in);
        if (request.command() == Command.ON_BEHALF_OF) {
          // a jtile frontend naming whose requests follow; no answer, as the frontend waits for none
          connection.onBehalfOf(request.style());
          continue;
        }
        RenderMessage now = handler.handle(request, connection.requester(), r -> new PendingReply(connection, r));
        if (now != null) {
          connection.send(now);
        }
      }
    } catch (ProtocolException e) {
      protocolErrors.incrementAndGet();
      log.warn("{}: {}; closing it", connection, e.getMessage());
      connection.closeQuietly();
      return;
    } finally {
      in.compact();
    }
  }

  void wantWrite(Connection connection) {
    writers.add(connection);
    selector.wakeup();
  }

  void closed(Connection connection) {
    open.decrementAndGet();
  }

  void log(String message) {
    log.warn(message);
  }

  /**
   * Stops accepting connections and removes the socket files; connections already open are still
   * read and answered (requests then get NotDone from the closed queue).
   */
  public void stopListening() {
    for (ServerSocketChannel listener : listeners) {
      try {
        listener.close();
      } catch (IOException ignored) {
        // shutting down
      }
    }
    for (Path file : socketFiles) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("cannot remove socket {}: {}", file, e.toString());
      }
    }
    selector.wakeup();
  }

  /** Stops listening and reading and closes every connection. */
  @Override
  public void close() {
    stopListening();
    running = false;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection c) {
        c.closeQuietly();
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // shutting down
    }
  }

  /** The addresses listened on, for the start-up log: socket paths and TCP addresses. */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    socketFiles.forEach(p -> out.add(p.toString()));
    for (ServerSocketChannel l : listeners) {
      try {
        if (l.getLocalAddress() instanceof InetSocketAddress a) {
          out.add(a.getHostString() + ":" + a.getPort());
        }
      } catch (IOException ignored) {
        // closed
      }
    }
    return out;
  }
}
