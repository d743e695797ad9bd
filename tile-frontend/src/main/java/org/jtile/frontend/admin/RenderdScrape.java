package org.jtile.frontend.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * renderd's figures as its Prometheus endpoint gives them (the daemon may run on another host): the queue
 * per class, renders per class, render time per zoom. One scrape per sample; a failure is logged once
 * until renderd answers again, and the page shows the frontend's side alone meanwhile.
 */
final class RenderdScrape {
  private static final Logger log = LoggerFactory.getLogger(RenderdScrape.class);
  static final String[] CLASSES = {"prio", "render", "low", "dirty", "bulk"};
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Pattern LINE = Pattern.compile(
      "renderd_(?:queue_waiting_(\\w+)|queue_(rendering)|renders_(\\w+?)_(?:done|notdone|ignore)_total"
          + "|render_time_z(\\d+)\\{quantile=\"(0\\.5|0\\.99)\"})\\s+(\\S+)");

  /**
   * @param waiting jobs waiting per class (lower case, mod_tile's order)
   * @param renders renders finished per class since renderd started, any result
   * @param renderTime per zoom, the median and 99th percentile render time in seconds
   */
  record Figures(Map<String, Double> waiting, double rendering, Map<String, Double> renders,
      Map<Integer, double[]> renderTime) {}

  private final URI uri;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  /** Sampler thread only. */
  private boolean failing;

  RenderdScrape(URI uri) {
    this.uri = uri;
  }

  Optional<Figures> read() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new java.io.IOException("HTTP " + response.statusCode());
      }
      if (failing) {
        failing = false;
        log.info("renderd's metrics at {} answer again", uri);
      }
      return Optional.of(parse(response.body()));
    } catch (java.io.IOException e) {
      if (!failing) {
        failing = true;
        log.warn("renderd's metrics at {} do not answer ({}): the operations page shows the frontend alone", uri,
            e.toString());
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static Figures parse(String text) {
    Map<String, Double> waiting = new LinkedHashMap<>();
    Map<String, Double> renders = new LinkedHashMap<>();
    for (String c : CLASSES) {
      waiting.put(c, 0.0);
      renders.put(c, 0.0);
    }
    double rendering = 0;
    Map<Integer, double[]> renderTime = new TreeMap<>();
    Matcher m = LINE.matcher("");
    for (String line : text.split("\n")) {
      if (!line.startsWith("renderd_") || !m.reset(line).matches()) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(m.group(6));
      } catch (NumberFormatException e) {
        continue;
      }
      if (m.group(1) != null && waiting.containsKey(m.group(1))) {
        waiting.put(m.group(1), value);
      } else if (m.group(2) != null) {
        rendering = value;
      } else if (m.group(3) != null && renders.containsKey(m.group(3))) {
        renders.merge(m.group(3), value, Double::sum);
      } else if (m.group(4) != null) {
        double[] times = renderTime.computeIfAbsent(Integer.parseInt(m.group(4)), z -> new double[2]);
        times[m.group(5).equals("0.5") ? 0 : 1] = value;
      }
    }
    return new Figures(waiting, rendering, renders, renderTime);
  }
}
