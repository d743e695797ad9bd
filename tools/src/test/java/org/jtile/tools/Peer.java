package org.jtile.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Peers;
import org.jtile.testing.Ports;

/**
 * A renderd the tools talk to, started as a process on loopback: jtile's (test renderer) or Debian's C
 * renderd (the example map), listening on a Unix socket or on TCP. {@link #socket} is the tools' {@code -s}.
 */
record Peer(String name, ExternalProcess process, String socket, Path tiles) implements AutoCloseable {
  enum Kind { JTILE_UNIX, JTILE_TCP, C_UNIX, C_TCP }

  static Peer start(Kind kind, Path dir) throws IOException {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    Path socket = dir.resolve("renderd.sock");
    int port = Ports.free();
    boolean tcp = kind == Kind.JTILE_TCP || kind == Kind.C_TCP;
    String address = tcp ? "127.0.0.1:" + port : socket.toString();
    if (kind == Kind.JTILE_UNIX || kind == Kind.JTILE_TCP) {
      return jtile("jtile " + kind, dir, tcp ? "" : socket.toString(), tcp ? port : 0, 2, 0, address, tiles);
    }
    ClassicRenderdConf conf = new ClassicRenderdConf(socket, tiles).renderd("num_threads", "2")
        .map("default", ExampleMap.writeStyle(dir.resolve("style")));
    if (tcp) {
      conf.renderd("iphostname", "127.0.0.1").renderd("ipport", String.valueOf(port));
      Path file = conf.writeTo(dir.resolve("renderd.conf"));
      ExternalProcess p = ExternalProcess.start("renderd", dir,
          List.of(Peers.require("renderd", "renderd").toString(), "-f", "-c", file.toString()));
      p.awaitReady(() -> Ports.listening(port), Duration.ofSeconds(30));
      return new Peer("C renderd over TCP", p, address, tiles);
    }
    Path file = conf.writeTo(dir.resolve("renderd.conf"));
    return new Peer("C renderd", DebianRenderd.start(dir, file, socket), address, tiles);
  }

  /** jtile's renderd on a Unix socket with one render thread and a map {@code delayMs} slow a metatile. */
  static Peer slow(Path dir, int delayMs) throws IOException {
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    String socket = dir.resolve("renderd.sock").toString();
    return jtile("slow jtile renderd", dir, socket, 0, 1, delayMs, socket, tiles);
  }

  private static Peer jtile(String name, Path dir, String socket, int port, int threads, int delayMs,
      String address, Path tiles) throws IOException {
    Path conf = Files.writeString(dir.resolve("renderd.conf"), """
        jtile.renderd {
          socket = "%s"
          tcp_port = %d
          num_threads = %d
          tile_dir = "%s"
          maps.default { renderer = test, test_delay_ms = %d }
        }
        """.formatted(socket, port, threads, tiles, delayMs));
    ExternalProcess p = JtileDaemons.renderd(dir, "renderd", List.of("--config", conf.toString()));
    return new Peer(name, p, address, tiles);
  }

  @Override
  public void close() {
    process.close();
  }
}
