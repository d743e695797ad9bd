package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.RenderMessage;
import org.jtile.protocol.RenderdChannel;
import org.jtile.store.s3.S3Buckets;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.JtileDaemons;
import org.jtile.testing.Poll;
import org.jtile.testing.Redis;
import org.jtile.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render farm on loopback: Debian's redis-server, S3Proxy as the shared tile store, three jtile-renderd
 * processes (hosts h1–h3, each with its own socket and a classic renderd.conf with the {@code cluster_*}
 * keys) and, where a test needs them, two frontends. Renders use the test renderer at a fixed cost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RenderFarmTest {
  private static final String STYLE = "world";
  private static final int LEASE_SECONDS = 3;

  @TempDir static Path shared;
  /** Kept when a test fails: the daemons' logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  private static S3Proxy s3;
  private Redis redis;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final ExecutorService clients = Executors.newCachedThreadPool();
  /** Each host's renderd by its configuration file, and its metrics port by number. */
  private final Map<Path, ExternalProcess> processes = new HashMap<>();
  private final Map<Integer, Integer> metricsPorts = new HashMap<>();

  @BeforeAll
  static void startStore() {
    s3 = S3Proxy.start(shared);
    S3Buckets.create(s3.endpoint(), "tiles", S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
  }

  @AfterAll
  static void stopStore() {
    s3.close();
  }

  @AfterEach
  void stopFarm() throws Exception {
    clients.shutdownNow();
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void tilesAskedAtOneFrontend_areRenderedByFreeHosts_andServedByBoth() throws Exception {
    startRedis();
    List<Path> confs = new ArrayList<>();
    for (int h = 1; h <= 3; h++) {
      confs.add(startHost(h, 300));
    }
    JtileDaemons.Frontend a = frontend("frontend-a", confs.get(0));
    JtileDaemons.Frontend b = frontend("frontend-b", confs.get(1));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // two at a time: the frontend lets one client wait for two renders at once
    for (int i = 0; i < 12; i += 2) {
      List<CompletableFuture<HttpResponse<byte[]>>> tiles = new ArrayList<>();
      for (int j = i; j < i + 2; j++) {
        tiles.add(http.sendAsync(get(a, "/" + STYLE + "/6/" + (8 * (j % 8)) + "/" + (8 * (j / 8)) + ".png"),
            HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (CompletableFuture<HttpResponse<byte[]>> tile : tiles) {
        HttpResponse<byte[]> response = tile.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
      }
    }
    Map<String, Long> rendered = renderedPerHost();
    assertThat(rendered.values().stream().mapToLong(Long::longValue).sum()).as("renders %s", rendered).isEqualTo(12);
    assertThat(rendered).as("hosts that rendered").hasSizeGreaterThanOrEqualTo(2);

    HttpResponse<byte[]> fromB = http.send(get(b, "/" + STYLE + "/6/0/0.png"), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fromB.statusCode()).isEqualTo(200);
    assertThat(totalRendered()).as("served by the other frontend from the shared store").isEqualTo(12);
    assertQueueEmpty();
  }

  @Test
  void oneMetatileAskedAtThreeHosts_isRenderedOnce_andEveryClientAnswered() throws Exception {
    startRedis();
    for (int h = 1; h <= 3; h++) {
      startHost(h, 1500);
    }
    List<CompletableFuture<Command>> answers = new ArrayList<>();
    for (int h = 1; h <= 3; h++) {
      for (int client = 0; client < 2; client++) {
        answers.add(ask(h, Command.RENDER, 5, 8, 8));
      }
      Thread.sleep(100);
    }
    for (CompletableFuture<Command> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(Command.DONE);
    }
    assertThat(totalRendered()).as("renders of the one metatile").isEqualTo(1);
    assertQueueEmpty();
  }

  @Test
  void aKilledHostsLeasedJobs_areRenderedByTheOthers_andTheirClientsAnswered() throws Exception {
    startRedis();
    startHost(1, 100);
    startHost(2, 100);
    ExternalProcess stuck = process(startHost(3, 600_000));
    List<CompletableFuture<Command>> answers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      answers.add(ask(1 + i % 2, Command.RENDER_BULK, 7, 8 * (i % 16), 8 * (i / 16)));
    }
    try (RedisConnection r = new RedisConnection()) {
      await("h3 holds a lease", Duration.ofSeconds(20),
          () -> r.commands().hvals("jtile:jobs").stream().anyMatch(v -> v.contains("|h3|")));
    }
    stuck.kill();
    for (CompletableFuture<Command> answer : answers) {
      assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(Command.DONE);
    }
    try (RedisConnection r = new RedisConnection()) {
      assertThat(Long.parseLong(r.commands().hget("jtile:stats", "takeovers"))).isBetween(1L, 2L);
    }
    assertThat(totalRendered()).as("renders: each metatile once").isEqualTo(24);
    assertQueueEmpty();
  }

  @Test
  void redisKilledAndRestarted_rendersGoOn_andTheQueueIsConsistentAfter() throws Exception {
    startRedis();
    for (int h = 1; h <= 3; h++) {
      startHost(h, 200);
    }
    List<CompletableFuture<Command>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.add(ask(1 + i % 3, Command.RENDER, 8, 8 * i, 8));
    }
    Thread.sleep(300);
    redis.kill();
    for (CompletableFuture<Command> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).as("answered while Redis is away").isEqualTo(Command.DONE);
    }
    assertThat(ask(1, Command.RENDER, 8, 0, 64).get(30, TimeUnit.SECONDS)).isEqualTo(Command.DONE);

    redis.restart();
    await("every host back on the shared queue", Duration.ofSeconds(30), () -> {
      try (RedisConnection r = new RedisConnection()) {
        return r.commands().ping().equals("PONG") && allHostsUp();
      } catch (RuntimeException e) {
        return false;
      }
    });
    List<CompletableFuture<Command>> after = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      after.add(ask(1 + i % 3, Command.RENDER, 8, 8 * i, 128));
    }
    for (CompletableFuture<Command> answer : after) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(Command.DONE);
    }
    assertThat(totalRendered()).as("renders through the restarted Redis").isEqualTo(9);
    assertQueueEmpty();
  }

  // --- the farm

  private static void await(String what, Duration timeout, Poll.Condition condition) throws Exception {
    assertThat(Poll.until(timeout, condition)).as("waited %s for %s", timeout, what).isTrue();
  }

  private void startRedis() {
    redis = Redis.start(dir);
    running.add(redis);
  }

  /** Starts host {@code h} rendering at {@code delayMillis} a metatile; returns its renderd.conf. */
  private Path startHost(int h, int delayMillis) throws Exception {
    Path conf = new ClassicRenderdConf(socket(h), Files.createDirectories(dir.resolve("unused")))
        .renderd("num_threads", "2")
        .renderd("cluster_redis", redis.uri())
        .renderd("cluster_host", "h" + h)
        .renderd("cluster_lease", String.valueOf(LEASE_SECONDS))
        .renderd("metrics_port", String.valueOf(metricsPort(h)))
        .map(STYLE, dir.resolve("none.xml"), "TILEDIR", s3.storage("tiles", dir.getFileName().toString()),
            "renderer", "test", "test_delay_ms", String.valueOf(delayMillis))
        .writeTo(dir.resolve("renderd-h" + h + ".conf"));
    ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd-h" + h, List.of("-f", "-c", conf.toString()));
    running.add(renderd);
    processes.put(conf, renderd);
    await("h" + h + " on the shared queue", Duration.ofSeconds(20), () -> hostUp(h));
    return conf;
  }

  private ExternalProcess process(Path conf) {
    return processes.get(conf);
  }

  private JtileDaemons.Frontend frontend(String name, Path renderdConf) throws Exception {
    Path port = Files.writeString(dir.resolve(name + ".conf"), "jtile.frontend.http { host = \"127.0.0.1\", port = 0 }");
    JtileDaemons.Frontend frontend = JtileDaemons.frontend(dir, name,
        List.of("--config", port.toString(), "--renderd-conf", renderdConf.toString()));
    running.add(frontend);
    return frontend;
  }

  private Path socket(int h) {
    return dir.resolve("h" + h + ".sock");
  }

  private int metricsPort(int h) {
    return metricsPorts.computeIfAbsent(h, k -> org.jtile.testing.Ports.free());
  }

  /** Whether host {@code h}'s metrics say it uses the shared queue. */
  private boolean hostUp(int h) {
    try {
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort(h) + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      return metrics.body().contains("\nrenderd_cluster_up 1.0");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean allHostsUp() {
    return processes.values().stream().allMatch(ExternalProcess::isAlive)
        && metricsPorts.keySet().stream().allMatch(this::hostUp);
  }

  /** One client on its own connection to host {@code h}, asking for one metatile and waiting for the answer. */
  private CompletableFuture<Command> ask(int h, Command command, int z, int x, int y) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return RenderdChannel.ask(UnixDomainSocketAddress.of(socket(h)), RenderMessage.request(command, STYLE, z, x, y),
            Duration.ofSeconds(60)).map(RenderMessage::command).orElse(null);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, clients);
  }

  private static HttpRequest get(JtileDaemons.Frontend frontend, String path) {
    return HttpRequest.newBuilder(URI.create(frontend.url(path))).timeout(Duration.ofSeconds(60)).build();
  }

  // --- what Redis holds

  private final class RedisConnection implements AutoCloseable {
    private final RedisClient client = RedisClient.create(redis.uri());
    private final StatefulRedisConnection<String, String> connection = client.connect();

    RedisCommands<String, String> commands() {
      return connection.sync();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private Map<String, Long> renderedPerHost() throws Exception {
    try (RedisConnection r = new RedisConnection()) {
      Map<String, Long> rendered = new java.util.TreeMap<>();
      r.commands().hgetall("jtile:stats").forEach((k, v) -> {
        if (k.startsWith("rendered|")) {
          rendered.put(k.substring("rendered|".length()), Long.parseLong(v));
        }
      });
      return rendered;
    }
  }

  private long totalRendered() throws Exception {
    return renderedPerHost().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Nothing waiting, nothing leased, no job left behind. */
  private void assertQueueEmpty() throws Exception {
    try (RedisConnection r = new RedisConnection()) {
      await("the shared queue empty", Duration.ofSeconds(10), () -> r.commands().hlen("jtile:jobs") == 0);
      assertThat(r.commands().zcard("jtile:leases")).isZero();
      for (int c = 0; c < 5; c++) {
        assertThat(r.commands().zcard("jtile:q:" + c)).as("class %d", c).isZero();
      }
    }
  }
}
