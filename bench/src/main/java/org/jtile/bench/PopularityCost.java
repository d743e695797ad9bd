package org.jtile.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtile.frontend.FrontendServer;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.popularity.PopularityConfig;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;
import org.jtile.testing.ExternalProcess;

/**
 * What counting views costs the frontend: cached-tile throughput with the popularity record on (sized for
 * 10 million metatiles) and off, side by side — two frontends in one JVM on the same tiles (20 000 URLs
 * drawn from {@link ReplayTrace}, all cached), both warmed up for 20 s, then wrk measuring each in turn;
 * medians compared.
 *
 * <p>Run: {@code bench/run.sh PopularityCost [rounds] [seconds] [connections]}; needs wrk.
 */
public final class PopularityCost {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  private PopularityCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path work = Files.createTempDirectory("jtile-popularity-cost");
    Path tiles = Files.createDirectories(work.resolve("tiles"));
    ReplayTrace trace = ReplayTrace.generate(new ReplayTrace.Region(5.5, 15.5, 45.0, 50.5), 1, 2, 20_000);
    FileTileStore store = new FileTileStore(tiles, Clock.systemUTC());
    byte[][] blank = new byte[64][];
    Arrays.fill(blank, new byte[200]);
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (int i = 0; i < trace.size(); i++) {
      MetatileKey key = new MetatileKey("default", "", trace.metatile(i));
      if (!Files.exists(store.path(key))) {
        store.write(key, MetatileWriter.write(key.coord(), blank));
      }
      lua.append(" \"/tiles/").append(trace.z[i]).append('/').append(trace.x[i]).append('/').append(trace.y[i])
          .append(".png\",\n");
    }
    lua.append("}\nrequest = function()\n  return wrk.format(\"GET\", paths[math.random(#paths)])\nend\n");
    Path script = Files.writeString(work.resolve("tiles.lua"), lua);
    Layer layer = Layer.simple("/tiles/", "default", tiles.toString());
    FrontendConfig off = FrontendConfig.of(List.of(layer), Optional.empty(),
        RenderPolicy.timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)));
    FrontendConfig on = off.withPopularity(new PopularityConfig(true, Optional.empty(), "cost", 10_000_000, 200_000,
        Duration.ofDays(7), Duration.ofMinutes(5), false, 0.95, 4, Duration.ofSeconds(30), ""));
    System.out.printf(Locale.ROOT, "# popularity-cost: %d rounds of %d s, wrk -t1 -c%d, %d URLs, %d cores%n", rounds,
        seconds, connections, trace.size(), Runtime.getRuntime().availableProcessors());
    List<Double> offRates = new ArrayList<>();
    List<Double> onRates = new ArrayList<>();
    // both frontends in this JVM at once, both warmed up, then measured in turns: the JIT's and the
    // machine's drift fall on both alike
    FrontendServer withoutRecord = new FrontendServer(off, Clock.systemUTC(), () -> 0.5);
    FrontendServer withRecord = new FrontendServer(on, Clock.systemUTC(), () -> 0.5);
    withoutRecord.start();
    withRecord.start();
    try {
      for (int warm = 0; warm < 2; warm++) {
        wrk(work, script, withoutRecord.port(), 10, connections);
        wrk(work, script, withRecord.port(), 10, connections);
      }
      for (int r = 0; r < rounds; r++) {
        for (boolean counting : new boolean[] {false, true}) {
          double rps = wrk(work, script, (counting ? withRecord : withoutRecord).port(), seconds, connections);
          (counting ? onRates : offRates).add(rps);
          System.out.printf(Locale.ROOT, "round %d, record %-3s: %.0f requests/s%n", r + 1, counting ? "on" : "off",
              rps);
        }
      }
    } finally {
      withoutRecord.close();
      withRecord.close();
    }
    double offMedian = median(offRates);
    double onMedian = median(onRates);
    System.out.printf(Locale.ROOT, "MEDIAN off %.0f/s, on %.0f/s: the record costs %.1f %% of cached-tile "
        + "throughput%n", offMedian, onMedian, 100 * (1 - onMedian / offMedian));
  }

  private static double wrk(Path dir, Path script, int port, int seconds, int connections) {
    ExternalProcess.Result result = ExternalProcess.run(dir, Duration.ofSeconds(seconds + 30), "", List.of("wrk",
        "-t1", "-c" + connections, "-d" + seconds + "s", "-s", script.toString(), "http://127.0.0.1:" + port));
    Matcher m = RPS.matcher(result.output());
    if (result.exitCode() != 0 || !m.find()) {
      throw new IllegalStateException("wrk failed: " + result.output());
    }
    return Double.parseDouble(m.group(1));
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
