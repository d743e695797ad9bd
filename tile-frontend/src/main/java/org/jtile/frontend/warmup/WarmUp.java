package org.jtile.frontend.warmup;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jtile.frontend.config.FrontendConfig;
import org.jtile.frontend.config.HttpSettings;
import org.jtile.frontend.layer.Layer;
import org.jtile.frontend.renderd.RenderPolicy;
import org.jtile.metatile.Metatile;
import org.jtile.metatile.MetatileCoord;
import org.jtile.metatile.MetatileWriter;
import org.jtile.store.MetatileKey;
import org.jtile.store.file.FileTileStore;

/**
 * The request path run hot before the listeners open. A just-started JVM interprets it and its server
 * has no threads or buffers pooled yet; the first burst of clients (a restart under load, a map page
 * opened by a crowd) would wait hundreds of milliseconds for them. The frontend first serves generated
 * tiles out of a temporary directory to itself, over a private loopback listener and bursts of new
 * connections: the same classes, threads and buffer pools as its clients will use, without touching
 * their layers' counters, hot tiles, the access log or renderd. With HTTPS on, it then does the same over
 * HTTP/2 and TLS ({@link #driveTls}): the JVM compiles its TLS and HTTP/2 code later still, and the
 * first browsers over HTTPS would be served by it interpreted.
 */
public final class WarmUp {
  /** What the warm-up did. */
  public record Report(int requests, int errors, Duration took) {}

  /** Connections a burst opens at once: the size of burst it prepares for. */
  private static final int BURST = 500;
  /** A zoom whose metatiles are few enough to write in an instant and many enough not to be one file. */
  private static final int ZOOM = 5;
  private static final int TILE_BYTES = 12_000;
  /** Requests in flight at once over HTTP/2: a few map pages' worth. */
  private static final int STREAMS = 64;

  private WarmUp() {}

  /** A frontend serving generated tiles out of {@code dir}, which it fills. */
  public static FrontendConfig config(Path dir) throws IOException {
    writeTiles(dir);
    return FrontendConfig.of(List.of(Layer.simple("/warm-up/", "warm-up", dir.toString())), Optional.empty(),
        RenderPolicy.DEFAULT).withHttp(HttpSettings.loopback());
  }

  /** Bursts of new connections to a frontend on {@code port} serving {@link #config}, until {@code budget}. */
  public static Report drive(int port, Duration budget) throws IOException {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    int requests = 0;
    int errors = 0;
    for (int round = 0; System.nanoTime() < deadline; round++) {
      int offset = round * BURST;
      long left = (deadline - System.nanoTime()) / 1_000_000;
      ConnectionBurst.Result burst = ConnectionBurst.run(port, BURST,
          i -> path(offset + i),
          Math.max(left, 1000));
      requests += burst.ok();
      errors += burst.errors().size();
    }
    return new Report(requests, errors, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Requests over HTTP/2 and TLS to a frontend on {@code port} serving {@link #config} with {@code
   * certificate}, {@link #STREAMS} at a time, until {@code budget}. The client trusts that certificate
   * alone, under whatever name it was issued for: the frontend is talking to itself on loopback.
   */
  public static Report driveTls(int port, X509Certificate certificate, Duration budget)
      throws GeneralSecurityException {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new OnlyThis(certificate)}, null);
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "warm-up-client");
      t.setDaemon(true);
      return t;
    });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
        .executor(threads).connectTimeout(Duration.ofSeconds(2)).build();
    int requests = 0;
    int errors = 0;
    try {
      for (int round = 0; System.nanoTime() < deadline; round++) {
        List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>(STREAMS);
        for (int i = 0; i < STREAMS; i++) {
          int n = round * STREAMS + i;
          URI uri = URI.create("https://127.0.0.1:" + port + path(n));
          inFlight.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> response : inFlight) {
          try {
            if (response.get(3, TimeUnit.SECONDS).statusCode() == 200) {
              requests++;
            } else {
              errors++;
            }
          } catch (TimeoutException | ExecutionException e) {
            errors++;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(requests, errors, Duration.ofNanos(System.nanoTime() - start));
          }
        }
      }
    } finally {
      threads.shutdownNow();
    }
    return new Report(requests, errors, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Trusts the one certificate it is given, whatever host it is reached as, and nothing else. */
  private static final class OnlyThis extends X509ExtendedTrustManager {
    private final X509Certificate certificate;

    OnlyThis(X509Certificate certificate) {
      this.certificate = certificate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain.length == 0 || !chain[0].equals(certificate)) {
        throw new CertificateException("not the frontend's own certificate");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a client of the warm-up only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** The {@code n}th request's path: the generated tiles in turn. */
  private static String path(int n) {
    return "/warm-up/" + ZOOM + "/" + (n % 32) + "/" + (n / 32 % 32) + ".png";
  }

  private static void writeTiles(Path dir) throws IOException {
    FileTileStore store = new FileTileStore(dir, Clock.systemUTC());
    byte[][] tiles = new byte[Metatile.COUNT][];
    Arrays.fill(tiles, new byte[TILE_BYTES]);
    for (int x = 0; x < 32; x += Metatile.SIZE) {
      for (int y = 0; y < 32; y += Metatile.SIZE) {
        MetatileCoord coord = MetatileCoord.containing(ZOOM, x, y);
        store.write(new MetatileKey("warm-up", "", coord), MetatileWriter.write(coord, tiles));
      }
    }
  }

  /** Deletes what {@link #config} wrote. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
