package org.jtile.frontend.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jtile.frontend.throttle.Throttle;
import org.jtile.metatile.TileCoord;

/**
 * What the tile server is doing, for the operations page: where people look and where renders are
 * asked for (counts per metatile over the last minutes), and who asks most. Cheap on the request path
 * (a hash lookup and an increment) and bounded: at most {@link #MAX_CELLS} metatiles per minute (more
 * are counted as dropped) and {@link #MAX_CLIENTS} clients, the least recent forgotten.
 *
 * <p>Threads: request threads record; the sampler reads and rotates the minutes. A rotation may lose an
 * increment racing with it; the page is a picture, not an account.
 */
public final class Activity {
  /** Metatiles counted per minute and kind. */
  static final int MAX_CELLS = 20_000;
  static final int MAX_CLIENTS = 10_000;
  /** Minutes the heat map covers. */
  static final int MINUTES = 5;

  /** Nothing recorded: the page is off. */
  public static final Activity NONE = new Activity(false);

  /** One metatile's counts in one minute. */
  record Cell(int z, int x, int y, long count) {}

  /** One client's counts since it was first seen (the least active are forgotten beyond {@link #MAX_CLIENTS}). */
  record Client(String address, long requests, long renders, long throttled) {}

  private final boolean on;
  /** The minutes, newest first; index 0 is being counted. */
  private final AtomicReference<Minutes> views = new AtomicReference<>(new Minutes());
  private final AtomicReference<Minutes> renders = new AtomicReference<>(new Minutes());
  /** By {@link #key}: allocation-free for IPv4. */
  private final Cache<Object, Counts> clients;

  private Activity(boolean on) {
    this.on = on;
    this.clients = on ? Caffeine.newBuilder().maximumSize(MAX_CLIENTS).build() : null;
  }

  public static Activity recording() {
    return new Activity(true);
  }

  /** A tile request from {@code client}. */
  public void viewed(TileCoord tile, InetAddress client) {
    if (on) {
      views.get().count(tile);
      counts(client).requests.incrementAndGet();
    }
  }

  /** A render asked of renderd for {@code client}. */
  public void renderAsked(TileCoord tile, InetAddress client) {
    if (on) {
      renders.get().count(tile);
      counts(client).renders.incrementAndGet();
    }
  }

  /** A request of {@code client} denied by its token bucket. */
  public void throttled(InetAddress client) {
    if (on) {
      counts(client).throttled.incrementAndGet();
    }
  }

  private Counts counts(InetAddress client) {
    Counts counts = clients.getIfPresent(key(client));
    return counts != null ? counts : clients.get(key(client), k -> new Counts(Throttle.key(client)));
  }

  /** An IPv4 address itself; an IPv6 one's /64, as the throttle counts clients. */
  private static Object key(InetAddress client) {
    if (client instanceof Inet4Address) {
      return client;
    }
    byte[] bytes = client.getAddress();
    long prefix = 0;
    for (int i = 0; i < 8; i++) {
      prefix = prefix << 8 | (bytes[i] & 0xff);
    }
    return prefix;
  }

  /** Starts a new minute, forgetting the oldest. Sampler thread. */
  void nextMinute() {
    views.set(views.get().next());
    renders.set(renders.get().next());
  }

  /** The counts per metatile over the last minutes, the busiest first, at most {@code limit}. */
  List<Cell> heat(boolean ofRenders, int limit) {
    return (ofRenders ? renders : views).get().total(limit);
  }

  /** Metatiles not counted because a minute already had {@link #MAX_CELLS}. */
  long dropped() {
    return views.get().dropped() + renders.get().dropped();
  }

  /** The clients asking most, by requests. */
  List<Client> busiest(int limit) {
    if (!on) {
      return List.of();
    }
    List<Client> all = new ArrayList<>();
    clients.asMap().values().forEach(c -> all.add(new Client(c.address, c.requests.get(), c.renders.get(),
        c.throttled.get())));
    all.sort(Comparator.comparingLong(Client::requests).reversed().thenComparing(Client::address));
    return all.subList(0, Math.min(limit, all.size()));
  }

  private static final class Counts {
    /** As the page shows it. */
    final String address;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong renders = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();

    Counts(String address) {
      this.address = address;
    }
  }

  /** The last {@link #MINUTES} minutes of counts by metatile; immutable but for the counters. */
  private static final class Minutes {
    final List<Map<Long, LongAdder>> minutes;
    final AtomicLong dropped = new AtomicLong();

    Minutes() {
      this(List.of(new ConcurrentHashMap<>()));
    }

    private Minutes(List<Map<Long, LongAdder>> minutes) {
      this.minutes = minutes;
    }

    void count(TileCoord tile) {
      Map<Long, LongAdder> now = minutes.get(0);
      long key = key(tile.z(), tile.x() & ~7, tile.y() & ~7);
      LongAdder n = now.get(key);
      if (n == null) {
        if (now.size() >= MAX_CELLS) {
          dropped.incrementAndGet();
          return;
        }
        n = now.computeIfAbsent(key, k -> new LongAdder());
      }
      n.increment();
    }

    Minutes next() {
      List<Map<Long, LongAdder>> kept = new ArrayList<>();
      kept.add(new ConcurrentHashMap<>());
      kept.addAll(minutes.subList(0, Math.min(MINUTES - 1, minutes.size())));
      return new Minutes(List.copyOf(kept));
    }

    long dropped() {
      return dropped.get();
    }

    List<Cell> total(int limit) {
      Map<Long, Long> sum = new java.util.HashMap<>();
      for (Map<Long, LongAdder> minute : minutes) {
        minute.forEach((k, v) -> sum.merge(k, v.sum(), Long::sum));
      }
      return sum.entrySet().stream()
          .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
          .limit(limit)
          .map(e -> new Cell(z(e.getKey()), x(e.getKey()), y(e.getKey()), e.getValue()))
          .toList();
    }

    // z (5 bits), x and y (up to 2^20 each, metatile origins): 45 bits
    private static long key(int z, int x, int y) {
      return (long) z << 40 | (long) x << 20 | y;
    }

    private static int z(long key) {
      return (int) (key >>> 40);
    }

    private static int x(long key) {
      return (int) (key >>> 20 & 0xFFFFF);
    }

    private static int y(long key) {
      return (int) (key & 0xFFFFF);
    }
  }
}
