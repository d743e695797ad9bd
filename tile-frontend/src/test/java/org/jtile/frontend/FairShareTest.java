package org.jtile.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtile.testing.ClassicRenderdConf;
import org.jtile.testing.DebianRenderd;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.FairShareLoad;
import org.jtile.testing.FairShareLoad.Result;
import org.jtile.testing.JtileDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map user beside bulk downloaders, with the shipped defaults: renderd with two threads on the example
 * map, the frontend configured only with its port. The user is 127.0.0.3, the downloaders 127.0.0.2 (one
 * keeping 16 requests in flight) or 127.0.1.1–50. The user's missing tiles must come within a few renders'
 * time, its cached tiles at once, and the downloaders must still get most renders (backoff, not a ban).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FairShareTest {
  private static final Duration LENGTH = Duration.ofSeconds(15);
  private static final InetAddress USER = address("127.0.0.3");

  @TempDir Path dir;

  @Test
  void oneDownloaderOfSixteen_doesNotStarveAMapUser() throws Exception {
    Path conf = renderdConf();
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", List.of("-c", conf.toString()));
        JtileDaemons.Frontend frontend = frontend("frontend", conf)) {
      Result result = run(frontend, List.of(address("127.0.0.2")), 16);
      assertFair(result, 4);
    }
  }

  @Test
  void fiftyDownloaders_doNotStarveAMapUser() throws Exception {
    Path conf = renderdConf();
    List<InetAddress> downloaders = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      downloaders.add(address("127.0.1." + i));
    }
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", List.of("-c", conf.toString()));
        JtileDaemons.Frontend frontend = frontend("frontend", conf)) {
      assertFair(run(frontend, downloaders, 1), 4);
    }
  }

  /** The downloader on one frontend, the user on another: renderd shares between them by client. */
  @Test
  void twoFrontendsSharingOneRenderd_shareItFairly() throws Exception {
    Path conf = renderdConf();
    try (ExternalProcess renderd = JtileDaemons.renderd(dir, "renderd", List.of("-c", conf.toString()));
        JtileDaemons.Frontend first = frontend("frontend-1", conf);
        JtileDaemons.Frontend second = frontend("frontend-2", conf)) {
      FairShareLoad.Scenario scenario = new FairShareLoad.Scenario(URI.create(second.url("")),
          URI.create(first.url("")), "/tiles/world", USER, List.of(address("127.0.0.2")), 16, LENGTH, 1);
      FairShareLoad.warmCache(scenario);
      Result result = FairShareLoad.run(scenario);
      System.out.println("two frontends:\n" + result.report());
      assertFair(result, 4);
    }
  }

  @Test
  void debiansCRenderd_behindTheFrontend_stillServesTheUserFirst() throws Exception {
    Path socket = dir.resolve("c.sock");
    Path conf = new ClassicRenderdConf(socket, Files.createDirectories(dir.resolve("tiles")))
        .renderd("num_threads", "2")
        .map("world", ExampleMap.writeStyle(dir.resolve("style")), "URI", "/tiles/world/")
        .writeTo(dir.resolve("renderd.conf"));
    try (ExternalProcess c = DebianRenderd.start(dir, conf, socket);
        JtileDaemons.Frontend frontend = frontend("frontend", conf)) {
      Result result = run(frontend, List.of(address("127.0.0.2")), 16);
      assertFair(result, 5);
      assertThat(frontend.process().output()).contains("does not know OnBehalfOf");
    }
  }

  private Result run(JtileDaemons.Frontend frontend, List<InetAddress> downloaders, int concurrency)
      throws InterruptedException {
    FairShareLoad.Scenario scenario = scenario(frontend, downloaders, concurrency);
    FairShareLoad.warmCache(scenario);
    Result result = FairShareLoad.run(scenario);
    System.out.println(downloaders.size() + " downloader(s) x " + concurrency + ":\n" + result.report());
    return result;
  }

  private static FairShareLoad.Scenario scenario(JtileDaemons.Frontend frontend, List<InetAddress> downloaders,
      int concurrency) {
    URI base = URI.create(frontend.url(""));
    return new FairShareLoad.Scenario(base, base, "/tiles/world", USER, downloaders, concurrency, LENGTH, 1);
  }

  /**
   * The user's missing tiles within {@code factor} idle renders, its cached ones at once, and the
   * downloaders with at least 70 % of the renders. A fair queue makes the user wait for one render under
   * way and then its own, both slowed by the downloader's renders on the same cores: 2–3 idle renders. An
   * unfair one makes it wait for the downloader's queue: 16 requests on 2 threads, 8 renders or more.
   * Bounds in seconds belong to the fair-share benchmark (bench/fair-share-vs-modtile.sh), where the machine
   * is known; here they are relative to it.
   */
  private static void assertFair(Result result, int factor) {
    assertThat(result.userMissing().notFound()).as("the user's missing tiles that timed out").isZero();
    assertThat(result.userMissing().percentile(90)).as(result.report())
        .isLessThanOrEqualTo(Math.max(factor * result.idle().percentile(50), 0.1));
    assertThat(result.userCached().percentile(99)).as(result.report()).isLessThanOrEqualTo(0.05);
    assertThat(result.downloaderShare()).as(result.report()).isGreaterThanOrEqualTo(0.7);
  }

  private Path renderdConf() throws Exception {
    return new ClassicRenderdConf(dir.resolve("renderd.sock"), Files.createDirectories(dir.resolve("tiles")))
        .renderd("num_threads", "2")
        .map("world", ExampleMap.writeStyle(dir.resolve("style")), "URI", "/tiles/world/")
        .writeTo(dir.resolve("renderd.conf"));
  }

  /** A frontend with the shipped defaults: the HOCON file picks only a free port; the rest is renderd.conf. */
  private JtileDaemons.Frontend frontend(String name, Path renderdConf) throws Exception {
    Path port = Files.writeString(dir.resolve(name + ".conf"),
        "jtile.frontend.http { host = \"127.0.0.1\", port = 0 }");
    return JtileDaemons.frontend(dir, name,
        List.of("--config", port.toString(), "--renderd-conf", renderdConf.toString()));
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
