package org.jtile.renderd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtile.config.MapConfig;
import org.jtile.config.QueueConfig;
import org.jtile.metatile.MetatileCoord;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.jtile.renderd.TestRenderd.Client;
import org.jtile.renderd.queue.Priority;
import org.jtile.renderd.queue.QueueStats;
import org.jtile.store.file.MetatilePath;
import org.jtile.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RenderdTest {
  @TempDir Path dir;
  private Renderd renderd;

  @AfterEach
  void stop() {
    if (renderd != null) {
      renderd.close();
    }
  }

  private Path tiles() {
    return dir.resolve("tiles");
  }

  private Path socket() {
    return dir.resolve("renderd.sock");
  }

  private void start(int threads, QueueConfig queue, Map<String, String> options) throws Exception {
    renderd = TestRenderd.start(TestRenderd.config(dir, threads, queue, 0,
        TestRenderd.testMap("default", tiles(), options)));
  }

  private long renders() {
    QueueStats stats = renderd.queue().stats();
    return stats.rendered().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void renderPrio_missingMetatile_isRenderedStoredAndDone() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    try (Client client = new Client(socket())) {
      assertThat(client.request(Command.RENDER_PRIO, "default", 9, 297, 191)).isEqualTo(Command.DONE);
    }
    assertThat(MetatilePath.of(tiles(), "default", "", MetatileCoord.containing(9, 297, 191))).isRegularFile();
    assertThat(Files.readString(dir.resolve("renderd.stats"))).startsWith("ReqQueueLength: 0\n");
  }

  @Test
  void unixSocket_getsTheConfiguredMode() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())))
        .isEqualTo("rw-rw----");
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void replies_comeInTheRequestsOwnVersion() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    try (Client client = new Client(socket())) {
      RenderMessage v1 = new RenderMessage(ProtocolVersion.V1, Command.RENDER, 1, 1, 1, "default", "image/png", "");
      client.send(v1);
      assertThat(client.receive()).isEqualTo(v1.reply(Command.DONE));
      RenderMessage v3 = new RenderMessage(ProtocolVersion.V3, Command.RENDER_LOW, 2, 2, 2, "default", "image/png", "en");
      client.send(v3);
      assertThat(client.receive()).isEqualTo(v3.reply(Command.DONE));
    }
    assertThat(MetatilePath.of(tiles(), "default", "en", new MetatileCoord(2, 0, 0))).isRegularFile();
  }

  @Test
  void immediateAnswers_unknownStyle_outOfBounds_invalidCommand_dirty() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    try (Client client = new Client(socket())) {
      assertThat(client.request(Command.RENDER, "nosuchstyle", 1, 0, 0)).isEqualTo(Command.NOT_DONE);
      assertThat(client.request(Command.RENDER, "default", 3, 8, 0)).isEqualTo(Command.IGNORE);
      assertThat(client.request(Command.RENDER, "default", 21, 0, 0)).isEqualTo(Command.IGNORE);
      assertThat(client.request(Command.RENDER, "default", 5, -1, 0)).isEqualTo(Command.IGNORE);
      assertThat(client.request(Command.DONE, "default", 1, 0, 0)).isEqualTo(Command.NOT_DONE);
      assertThat(client.request(Command.IGNORE, "default", 1, 0, 0)).isEqualTo(Command.NOT_DONE);
      assertThat(client.request(Command.DIRTY, "default", 4, 0, 0)).isEqualTo(Command.NOT_DONE);
      // the dirty request is rendered in the background
      assertThat(client.request(Command.RENDER_BULK, "default", 4, 0, 0)).isEqualTo(Command.DONE);
    }
    assertThat(renderd.queue().stats().rendered().get(Priority.DIRTY)).isEqualTo(1);
  }

  @Test
  void twoHundredClientsOfOneMetatile_oneRender_twoHundredDones() throws Exception {
    start(2, QueueConfig.DEFAULT, Map.of("delay_ms", "500"));
    ExecutorService pool = Executors.newFixedThreadPool(200);
    try {
      List<Future<Command>> replies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int x = 296 + i % 8;
        int y = 184 + (i / 8) % 8;
        replies.add(pool.submit(() -> {
          try (Client client = new Client(socket())) {
            return client.request(x % 3 == 0 ? Command.RENDER_PRIO : Command.RENDER, "default", 9, x, y);
          }
        }));
      }
      for (Future<Command> reply : replies) {
        assertThat(reply.get(60, TimeUnit.SECONDS)).isEqualTo(Command.DONE);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(renders()).isEqualTo(1);
    renderd.queue().checkInvariants();
  }

  @Test
  void reload_addsAMap_keepsTheQueueAndItsWaitingClients_andRefusesABrokenStyle() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("delay_ms", "200"));
    try (Client client = new Client(socket()); Client other = new Client(socket())) {
      for (int i = 0; i < 5; i++) {
        client.send(RenderMessage.request(Command.RENDER_BULK, "default", 6, i * 8, 0));
      }
      awaitWaiting(Priority.BULK, 4);
      assertThat(other.request(Command.RENDER, "added", 3, 0, 0)).as("not configured yet").isEqualTo(Command.NOT_DONE);

      renderd.reload(TestRenderd.config(dir, 1, QueueConfig.DEFAULT, 0,
          TestRenderd.testMap("default", tiles(), Map.of("delay_ms", "200")),
          TestRenderd.testMap("added", tiles(), Map.of())));
      assertThat(client.receive(5)).extracting(RenderMessage::command).containsOnly(Command.DONE);
      assertThat(other.request(Command.RENDER, "added", 3, 0, 0)).isEqualTo(Command.DONE);

      MapConfig broken = MapConfig.builder("broken").xml(dir.resolve("missing.xml").toString())
          .tileDir(tiles().toString()).build();
      assertThatThrownBy(() -> renderd.reload(TestRenderd.config(dir, 1, QueueConfig.DEFAULT, 0, broken)))
          .isInstanceOf(org.jtile.config.StartupException.class).hasMessageContaining("map broken");
      assertThat(other.request(Command.RENDER, "added", 4, 8, 0)).as("still the last good maps").isEqualTo(Command.DONE);
    }
  }

  @Test
  void pipelinedRequestsOnOneConnection_areAllAnswered() throws Exception {
    start(2, QueueConfig.DEFAULT, Map.of());
    try (Client client = new Client(socket())) {
      for (int i = 0; i < 40; i++) {
        client.channel.queue(RenderMessage.request(Command.RENDER_BULK, "default", 6, i % 64, (i / 8) * 8));
      }
      client.channel.flush();
      assertThat(client.receive(40)).extracting(RenderMessage::command).containsOnly(Command.DONE);
    }
  }

  @Test
  void fullQueues_demoteThenDrop_answeringNotDoneAtOnce() throws Exception {
    start(1, new QueueConfig(2, 2, 0), Map.of("delay_ms", "2000"));
    try (Client busy = new Client(socket()); Client client = new Client(socket())) {
      busy.send(RenderMessage.request(Command.RENDER_PRIO, "default", 10, 0, 0));
      awaitRendering();
      for (int i = 1; i <= 5; i++) {
        client.send(RenderMessage.request(Command.RENDER_PRIO, "default", 10, i * 8, 0));
      }
      // two wait in Prio; two are demoted to Dirty, one dropped: three NotDone replies now
      List<RenderMessage> now = client.receive(3);
      assertThat(now).extracting(RenderMessage::command).containsOnly(Command.NOT_DONE);
      assertThat(now).extracting(RenderMessage::x).containsExactly(24, 32, 40);
      QueueStats stats = renderd.queue().stats();
      assertThat(stats.waiting().get(Priority.PRIO)).isEqualTo(2);
      assertThat(stats.waiting().get(Priority.DIRTY)).isEqualTo(2);
      assertThat(stats.demoted()).isEqualTo(2);
      assertThat(stats.dropped()).isEqualTo(1);
    }
  }

  @Test
  void floodingBulkConnection_doesNotHoldUpAnotherClientBeyondOneRound() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("delay_ms", "30"));
    try (Client flood = new Client(socket()); Client other = new Client(socket())) {
      for (int i = 0; i < 100; i++) {
        flood.send(RenderMessage.request(Command.RENDER_BULK, "default", 12, (i % 20) * 8, (i / 20) * 8));
      }
      awaitWaiting(Priority.BULK, 90);
      long before = renders();
      assertThat(other.request(Command.RENDER_BULK, "default", 12, 4000, 4000)).isEqualTo(Command.DONE);
      // one job in progress, at most one more turn of the flood, and the other client's own job
      assertThat(renders() - before).isLessThanOrEqualTo(3);
      assertThat(renderd.queue().stats().waiting().get(Priority.BULK)).isGreaterThan(80);
    }
  }

  /**
   * A frontend opens a connection per request: without {@code OnBehalfOf} a scraper's every new request
   * would be a new client with no demand and go ahead of a map user who has waited a moment. Named, the
   * scraper's requests are counted together, whichever connection they come on, and the user goes first.
   */
  @Test
  void onBehalfOf_countsAClientsRequestsTogether_acrossConnections() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("delay_ms", "300"));
    List<Client> scraper = new ArrayList<>();
    try (Client user = new Client(socket()); Client late = new Client(socket())) {
      for (int i = 0; i < 6; i++) {
        Client c = new Client(socket());
        scraper.add(c);
        c.send(RenderMessage.request(Command.ON_BEHALF_OF, "127.0.0.2", 0, 0, 0));
        c.send(RenderMessage.request(Command.RENDER_PRIO, "default", 12, i * 8, 0));
      }
      awaitWaiting(Priority.PRIO, 5);
      user.send(RenderMessage.request(Command.ON_BEHALF_OF, "127.0.0.3", 0, 0, 0));
      user.send(RenderMessage.request(Command.RENDER_PRIO, "default", 12, 800, 0));
      awaitWaiting(Priority.PRIO, 6);
      Thread.sleep(50);
      late.send(RenderMessage.request(Command.ON_BEHALF_OF, "127.0.0.2", 0, 0, 0));
      late.send(RenderMessage.request(Command.RENDER_PRIO, "default", 12, 1600, 0));
      long before = renders();
      // the first answer on the user's connection is its render's: OnBehalfOf is not answered
      RenderMessage answer = user.receive();
      assertThat(answer.command()).isEqualTo(Command.DONE);
      assertThat(answer.x()).isEqualTo(800);
      // the user's own and perhaps the next, which starts as the user's ends
      assertThat(renders() - before).as("renders started since the late request").isLessThanOrEqualTo(2);
      assertThat(renderd.queue().stats().waiting().get(Priority.PRIO)).as("the late one and 4 more wait")
          .isGreaterThanOrEqualTo(5);
    } finally {
      for (Client c : scraper) {
        c.close();
      }
    }
  }

  /** An empty name (the connection is its own client again) breaks nothing: requests are still answered. */
  @Test
  void onBehalfOf_anEmptyName_isTakenQuietly_andRequestsAreStillAnswered() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    try (Client client = new Client(socket())) {
      client.send(RenderMessage.request(Command.ON_BEHALF_OF, "127.0.0.2", 0, 0, 0));
      client.send(RenderMessage.request(Command.ON_BEHALF_OF, "", 0, 0, 0));
      assertThat(client.request(Command.RENDER_PRIO, "default", 10, 0, 0)).isEqualTo(Command.DONE);
    }
  }

  private void awaitWaiting(Priority priority, int jobs) throws Exception {
    await(() -> renderd.queue().stats().waiting().get(priority) >= jobs, jobs + " jobs waiting in " + priority);
  }

  private void awaitRendering() throws Exception {
    await(() -> renderd.queue().stats().rendering() > 0, "a job rendering");
  }

  /** Polls {@code condition} until it holds; fails, rather than hangs, if it does not within 10 s. */
  private static void await(Poll.Condition condition, String what) throws Exception {
    assertThat(Poll.until(Duration.ofSeconds(10), condition)).as("%s within 10 s", what).isTrue();
  }

  @Test
  void clientDisconnectingMidWait_breaksNothing() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("delay_ms", "300"));
    Client leaver = new Client(socket());
    leaver.send(RenderMessage.request(Command.RENDER_PRIO, "default", 8, 0, 0));
    leaver.close();
    try (Client client = new Client(socket())) {
      assertThat(client.request(Command.RENDER_PRIO, "default", 8, 1, 1)).isEqualTo(Command.DONE);
      assertThat(client.request(Command.RENDER_PRIO, "default", 8, 16, 16)).isEqualTo(Command.DONE);
    }
    assertThat(renders()).isEqualTo(2);
  }

  @Test
  void badInput_closesThatConnectionOnly_andOthersAreStillServed() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of());
    Random random = new Random(7);
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      garbage.add(bytes);
    }
    garbage.add(new byte[] {9, 0, 0, 0, 1, 0, 0, 0}); // unknown version
    garbage.add(java.util.Arrays.copyOf(MessageCodec.encode(RenderMessage.request(Command.RENDER, "default", 1, 0, 0)), 30));
    byte[] noNul = MessageCodec.encode(RenderMessage.request(Command.RENDER, "default", 1, 0, 0));
    java.util.Arrays.fill(noNul, 20, 61, (byte) 'a');
    garbage.add(noNul);
    for (byte[] bytes : garbage) {
      try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        raw.connect(UnixDomainSocketAddress.of(socket()));
        raw.write(ByteBuffer.wrap(bytes));
        raw.shutdownOutput();
        // renderd either closes on the error or waits for the rest and sees EOF: never a reply to garbage
        ByteBuffer reply = ByteBuffer.allocate(144);
        assertThat(raw.read(reply)).isEqualTo(-1);
      }
    }
    for (int i = 0; i < 10_000; i++) {
      SocketChannel.open(UnixDomainSocketAddress.of(socket())).close();
    }
    try (Client client = new Client(socket())) {
      assertThat(client.request(Command.RENDER_PRIO, "default", 3, 0, 0)).isEqualTo(Command.DONE);
    }
    assertThat(renderd.server().protocolErrors()).isGreaterThanOrEqualTo(3);
    Poll.until(Duration.ofSeconds(10), () -> renderd.server().openConnections() == 0);
    assertThat(renderd.server().openConnections()).isZero();
  }

  @Test
  void rendererFailure_answersNotDoneToAllWaiters_andTheWorkerGoesOn() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("fail_at_zoom", "7"));
    try (Client a = new Client(socket()); Client b = new Client(socket())) {
      a.send(RenderMessage.request(Command.RENDER, "default", 7, 0, 0));
      b.send(RenderMessage.request(Command.RENDER, "default", 7, 1, 1));
      assertThat(a.receive().command()).isEqualTo(Command.NOT_DONE);
      assertThat(b.receive().command()).isEqualTo(Command.NOT_DONE);
      assertThat(a.request(Command.RENDER, "default", 6, 0, 0)).isEqualTo(Command.DONE);
    }
  }

  @Test
  void close_answersWaitingClientsNotDone_andRemovesTheSocket() throws Exception {
    start(1, QueueConfig.DEFAULT, Map.of("delay_ms", "500"));
    try (Client client = new Client(socket())) {
      client.send(RenderMessage.request(Command.RENDER, "default", 10, 0, 0));
      client.send(RenderMessage.request(Command.RENDER, "default", 10, 8, 0));
      awaitRendering();
      Thread closer = new Thread(renderd::close);
      closer.start();
      List<Command> answers = new ArrayList<>();
      while (answers.size() < 2) {
        answers.add(client.receive().command());
      }
      closer.join(20_000);
      // the waiting job is answered NotDone at once, the one in progress finishes
      assertThat(answers).containsExactly(Command.NOT_DONE, Command.DONE);
    }
    renderd = null;
    assertThat(socket()).doesNotExist();
  }

  @Test
  void tcpListener_servesTheSameProtocol() throws Exception {
    renderd = TestRenderd.start(TestRenderd.config(dir, 1, QueueConfig.DEFAULT, org.jtile.testing.Ports.free(),
        TestRenderd.testMap("default", tiles(), Map.of())));
    try (Client client = new Client(renderd.tcpAddress())) {
      assertThat(client.request(Command.RENDER_PRIO, "default", 5, 3, 3)).isEqualTo(Command.DONE);
    }
  }

  @Test
  void metricsPort_servesPrometheusText() throws Exception {
    org.jtile.config.RenderdConfig base = TestRenderd.config(dir, 1, QueueConfig.DEFAULT, 0,
        TestRenderd.testMap("default", tiles(), Map.of()));
    renderd = TestRenderd.start(new org.jtile.config.RenderdConfig(base.socket(), base.socketPermissions(),
        "", "127.0.0.1", 0, 1, java.util.Optional.empty(), 100, QueueConfig.DEFAULT, base.mapnik(), org.jtile.testing.Ports.free(),
        java.util.Optional.empty(), java.util.List.of(), base.maps()));
    try (Client client = new Client(socket())) {
      assertThat(client.request(Command.RENDER_LOW, "default", 4, 0, 0)).isEqualTo(Command.DONE);
    }
    var http = java.net.http.HttpClient.newHttpClient();
    var response = http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + renderd.metricsPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("renderd_queue_waiting_prio 0.0")
        .contains("renderd_renders_low_done_total 1.0")
        .contains("renderd_render_time_z4_count 1");
  }
}
