package org.jtile.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jtile.testing.FairShareLoad;

/**
 * A map user (127.0.0.3) against bulk downloaders on any tile server's URL — jtile's frontend or Apache +
 * mod_tile — and the figures: the user's missing and cached tiles' p50/p90/p99, a render measured idle, and
 * the downloaders' renders per second and share.
 *
 * <p>{@code bench/run.sh FairShareBench BASE_URL LAYER_PATH [SECONDS=45] [DOWNLOADERS=1] [CONCURRENCY=16]
 * [RUN=1]}: one downloader is 127.0.0.2; several are 127.0.1.1, 127.0.1.2, ….
 */
public final class FairShareBench {
  private FairShareBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FairShareBench BASE_URL LAYER_PATH [SECONDS] [DOWNLOADERS] [CONCURRENCY] [RUN]");
      System.exit(1);
    }
    URI base = URI.create(args[0]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 45;
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    int run = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    List<InetAddress> downloaders = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      downloaders.add(address(count == 1 ? "127.0.0.2" : "127.0.1." + i));
    }
    FairShareLoad.Scenario scenario = new FairShareLoad.Scenario(base, base, args[1], address("127.0.0.3"),
        downloaders, concurrency, Duration.ofSeconds(seconds), run);
    FairShareLoad.warmCache(scenario);
    FairShareLoad.Result r = FairShareLoad.run(scenario);
    System.out.print(r.report());
    System.out.printf("RESULT user_missing_p50=%.3f p90=%.3f p99=%.3f idle=%.3f cached_p99=%.4f"
            + " bulk_renders_per_s=%.1f bulk_share=%.2f%n", r.userMissing().percentile(50),
        r.userMissing().percentile(90), r.userMissing().percentile(99), r.idle().percentile(50),
        r.userCached().percentile(99), r.downloaders().ok() / r.seconds(), r.downloaderShare());
  }

  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }
}
