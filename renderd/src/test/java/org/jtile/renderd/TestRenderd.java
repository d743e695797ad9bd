package org.jtile.renderd;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jtile.config.MapConfig;
import org.jtile.config.QueueConfig;
import org.jtile.config.RenderdConfig;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.renderd.render.Renderers;

/** An in-process renderd on a temp dir with the test renderer, and a blocking protocol client. */
final class TestRenderd {
  private TestRenderd() {}

  static MapConfig testMap(String name, Path tiles, Map<String, String> options) {
    return MapConfig.builder(name).tileDir(tiles.toString()).renderer("test", options).build();
  }

  static RenderdConfig config(Path dir, int threads, QueueConfig queue, int tcpPort, MapConfig... maps) {
    return RenderdConfig.builder(List.of(maps)).socket(dir.resolve("renderd.sock")).tcp("127.0.0.1", tcpPort)
        .threads(threads).statsFile(Optional.of(dir.resolve("renderd.stats"))).maxConnections(20_000).queue(queue)
        .build();
  }

  static Renderd start(RenderdConfig config) throws Exception {
    for (MapConfig map : config.maps()) {
      Files.createDirectories(Path.of(map.tileDir()));
    }
    return Renderd.start(config, Renderers.providers());
  }

  /** A client connection speaking the protocol with blocking reads. */
  static final class Client implements AutoCloseable {
    final RenderdChannel channel;

    Client(Path socket) throws IOException {
      this(UnixDomainSocketAddress.of(socket));
    }

    Client(SocketAddress address) throws IOException {
      channel = RenderdChannel.connect(address, Duration.ofSeconds(10));
    }

    void send(RenderMessage request) throws IOException {
      channel.send(request);
    }

    RenderMessage receive() throws IOException {
      return channel.receive().orElseThrow(() -> new IOException("renderd closed the connection"));
    }

    Command request(Command command, String style, int z, int x, int y) throws IOException {
      RenderMessage request = RenderMessage.request(command, style, z, x, y);
      send(request);
      RenderMessage reply = receive();
      if (!request.isAnsweredBy(reply)) {
        throw new IOException("reply " + reply + " does not match " + request);
      }
      return reply.command();
    }

    List<RenderMessage> receive(int n) throws IOException {
      List<RenderMessage> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(receive());
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
