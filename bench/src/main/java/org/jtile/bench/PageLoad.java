package org.jtile.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jtile.testing.Peers;

/**
 * A map page as a browser loads it: headless Chromium, a fresh profile each time, opens {@code URL} at
 * 1920×1080 and reports, from the page's own resource timing, when the last tile arrived (ms after the
 * navigation started), how many tiles that was and the protocols they came over. Driven through the
 * DevTools protocol, with the JDK's WebSocket client.
 *
 * <pre>bench/run.sh PageLoad URL [RUNS=5] [--disable-http2]</pre>
 */
public final class PageLoad {
  /** Every Leaflet tile complete, and its resource timing entries. */
  private static final String PROBE = """
      (() => {
        const imgs = [...document.querySelectorAll('img.leaflet-tile')];
        const tiles = performance.getEntriesByType('resource').filter(r => /\\/\\d+\\/\\d+\\/\\d+\\.png$/.test(r.name));
        return 'done=' + (imgs.length > 0 && imgs.every(i => i.complete))
          + ' tiles=' + tiles.length
          + ' last=' + Math.round(Math.max(0, ...tiles.map(r => r.responseEnd)))
          + ' protocols=' + [...new Set(tiles.map(r => r.nextHopProtocol))].join(',');
      })()""";
  private static final Pattern RESULT = Pattern.compile("done=(\\w+) tiles=(\\d+) last=(\\d+) protocols=([\\w/.,-]*)");
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

  private PageLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: PageLoad URL [RUNS] [--disable-http2]");
      System.exit(2);
    }
    String url = args[0];
    int runs = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 5;
    List<String> extra = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--")) {
        extra.add(a);
      }
    }
    List<Long> times = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path profile = Files.createTempDirectory("jtile-pageload");
      try {
        Matcher m = load(profile, url, extra);
        System.out.printf("run %d: last_tile_ms=%s tiles=%s protocols=%s%n", run, m.group(3), m.group(2), m.group(4));
        times.add(Long.parseLong(m.group(3)));
      } finally {
        deleteProfile(profile);
      }
    }
    times.sort(null);
    System.out.printf("MEDIAN last_tile_ms=%d runs=%d flags=%s%n", times.get(times.size() / 2), runs, extra);
  }

  private static Matcher load(Path profile, String url, List<String> extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Peers.require("chromium", "chromium").toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--ignore-certificate-errors",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1920,1080"));
    command.addAll(extra);
    command.add("about:blank");
    Process chromium = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
    try {
      Path active = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
      while (!Files.isRegularFile(active) || Files.readAllLines(active).size() < 2) {
        if (System.nanoTime() > deadline || !chromium.isAlive()) {
          throw new IOException("chromium did not open its DevTools port");
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(active).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(targets);
      if (!ws.find()) {
        throw new IOException("no page target in " + targets);
      }
      try (DevTools page = DevTools.connect(http, URI.create(ws.group(1)))) {
        page.call("Page.navigate", "{\"url\":\"" + url + "\"}");
        Matcher last = null;
        String reply = "";
        while (System.nanoTime() < deadline) {
          Thread.sleep(200);
          reply = page.call("Runtime.evaluate", "{\"expression\":" + quote(PROBE) + ",\"returnByValue\":true}");
          Matcher m = RESULT.matcher(reply);
          if (m.find() && m.group(1).equals("true")) {
            if (last != null && last.group(2).equals(m.group(2))) {
              return m;
            }
            last = m;
          }
        }
        throw new IOException("the page's tiles did not all load within " + PAGE_TIMEOUT.toSeconds() + " s: " + reply);
      }
    } finally {
      chromium.destroy();
      if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
        chromium.destroyForcibly();
      }
    }
  }

  /**
   * Chromium's helper processes may still write into the profile for a moment after the browser exits:
   * a second try after a pause, and what is still left stays in the temporary directory.
   */
  private static void deleteProfile(Path profile) throws InterruptedException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
        return;
      } catch (IOException e) {
        Thread.sleep(1000);
      }
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** One page's DevTools session: a command, then its reply by id. */
  private static final class DevTools implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private int nextId = 1;

    static DevTools connect(HttpClient http, URI uri) {
      DevTools devTools = new DevTools();
      devTools.socket = http.newWebSocketBuilder().buildAsync(uri, devTools).join();
      return devTools;
    }

    String call(String method, String params) throws IOException, InterruptedException {
      int id = nextId++;
      socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
      long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
      String idField = "\"id\":" + id + ",";
      for (long left = PAGE_TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        String message = messages.poll(left, TimeUnit.NANOSECONDS);
        if (message != null && message.startsWith("{" + idField)) {
          return message;
        }
      }
      throw new IOException(method + ": no reply within " + PAGE_TIMEOUT.toSeconds() + " s");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }
}
