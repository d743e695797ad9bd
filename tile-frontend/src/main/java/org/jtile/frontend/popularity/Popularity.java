package org.jtile.frontend.popularity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jtile.frontend.stats.FrontendStats;
import org.jtile.frontend.stats.PopularityMetrics;
import org.jtile.metatile.TileCoord;
import org.jtile.popularity.FrequencySketch;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This frontend's {@link PopularityRecord}: counts the views, and on its thread ({@code
 * frontend-popularity}, once a second) moves offers into the top set, decays the counts by the half-life,
 * samples the share of tiles served fresh, and writes the record every save interval and at close. A
 * record file that cannot be read at start is left aside with one log line: counting starts afresh.
 */
public final class Popularity implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Popularity.class);
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration FRESH_SAMPLE = Duration.ofSeconds(10);

  private final PopularityConfig config;
  private final Clock clock;
  /** Null when off. */
  private final PopularityRecord record;
  /** Null when records are not shared through Redis. */
  private final RedisRecords redis;
  /** Whether the last Redis call failed, so an outage is logged once. Guarded by this. */
  private boolean redisFailing;
  private final ScheduledExecutorService thread;
  /** Where the fresh share is sampled; set by {@link #attach}, read on this object's thread. */
  private volatile FrontendStats stats;
  /** The site's refresh, or null; set by {@link #attach}. */
  private volatile Refresher refresher;
  /** System.nanoTime of the last save and fresh-share sample; the frontend-popularity thread's alone. */
  private long lastSave;
  private long lastFreshSample;

  private Popularity(PopularityConfig config, Clock clock, PopularityRecord record) {
    this.config = config;
    this.clock = clock;
    this.record = record;
    this.redis = record == null || config.redis().isEmpty() ? null
        : new RedisRecords(config.redis(), config.name(), config.halfLife());
    this.thread = record == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "frontend-popularity");
      t.setDaemon(true);
      return t;
    });
  }

  /** The record {@code config} asks for, restored from its file if there is a good one, and counting. */
  public static Popularity start(PopularityConfig config, Clock clock) {
    if (!config.enabled()) {
      return new Popularity(config, clock, null);
    }
    Popularity popularity = new Popularity(config, clock, load(config));
    popularity.lastSave = popularity.lastFreshSample = System.nanoTime();
    popularity.thread.scheduleWithFixedDelay(popularity::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    return popularity;
  }

  private static PopularityRecord load(PopularityConfig config) {
    int width = FrequencySketch.widthFor(config.metatiles());
    Optional<Path> file = config.file().filter(Files::exists);
    if (file.isPresent()) {
      try {
        PopularityRecord read = RecordFile.read(file.get(), config.top());
        if (read.widthLog2() == width) {
          log.info("popularity: {} views restored from {}", read.totalViews(), file.get());
          return read;
        }
        log.warn("popularity record {} is sized for other popularity.metatiles: starting afresh", file.get());
      } catch (IOException e) {
        log.warn("popularity record {} cannot be used ({}): starting afresh", file.get(), e.getMessage());
      }
    }
    return new PopularityRecord(width, config.top());
  }

  public PopularityConfig config() {
    return config;
  }

  /** Counts a view of {@code tile} of the layer rendered with {@code style} (parameterised tiles are not). */
  public void viewed(String style, String options, TileCoord tile) {
    if (record != null && options.isEmpty()) {
      record.viewed(style, tile.metatile());
    }
  }

  /** The line /status adds about how often the tile's metatile is viewed; empty when off. */
  public String status(String style, TileCoord tile) {
    if (record == null) {
      return "";
    }
    int views = record.estimate(style, tile.metatile());
    long total = Math.max(1, record.totalViews());
    return String.format(Locale.ROOT, "Popularity: about %d views (decayed, half-life %s), %.4f%% of all views.%n",
        views, config.halfLife().toString().substring(2).toLowerCase(Locale.ROOT), 100.0 * views / total);
  }

  /**
   * Shows the record in {@code stats}'s metrics and samples its fresh share from now on; {@code refresher}
   * (null for none) is the one working from this record.
   */
  public void attach(FrontendStats stats, Refresher refresher) {
    this.stats = stats;
    this.refresher = refresher;
    if (record == null) {
      return;
    }
    stats.popularity(new PopularityMetrics() {
      @Override
      public long views() {
        return record.totalViews();
      }

      @Override
      public long topMetatiles() {
        return record.topSize();
      }

      @Override
      public long bytes() {
        return record.sketchBytes();
      }

      @Override
      public long refreshBacklog() {
        return refresher == null ? 0 : refresher.backlog();
      }

      @Override
      public long refreshRendered() {
        return refresher == null ? 0 : refresher.rendered();
      }
    });
  }

  /** Whether the refresh is working through stale metatiles now. */
  public boolean refreshing() {
    Refresher r = refresher;
    return r != null && r.backlog() > 0;
  }

  /**
   * This frontend's views with those of every other record in the directory: what a refresh orders by.
   * The live record itself when there is no other (no copy of the counts), empty when off.
   */
  public Optional<PopularityRecord> merged() {
    if (record == null) {
      return Optional.empty();
    }
    Optional<Path> dir = config.directory();
    boolean othersInDir = dir.isPresent() && !othersIn(dir.get()).isEmpty();
    if (!othersInDir && redis == null) {
      return Optional.of(record);
    }
    PopularityRecord merged = record.copy();
    if (othersInDir) {
      try {
        RecordFile.mergeAll(dir.get(), config.file().orElse(null), merged,
            warning -> log.warn("popularity: {}", warning));
      } catch (IOException e) {
        log.warn("popularity: cannot read {}: {}", dir.get(), e.getMessage());
      }
    }
    if (redis != null) {
      withRedis("reading the other frontends' records",
          () -> redis.mergeOthers(merged, warning -> log.warn("popularity: {}", warning)));
    }
    return Optional.of(merged);
  }

  private List<Path> othersIn(Path dir) {
    Path own = config.file().orElse(null);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(RecordFile.SUFFIX) && !f.equals(own)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private void tick() {
    try {
      record.maintain();
      record.decayIfDue(clock.instant(), config.halfLife());
      long now = System.nanoTime();
      FrontendStats s = stats;
      if (s != null && now - lastFreshSample >= FRESH_SAMPLE.toNanos()) {
        lastFreshSample = now;
        s.sampleFreshShare(FRESH_SAMPLE);
      }
      if (now - lastSave >= config.saveInterval().toNanos()) {
        lastSave = now;
        save();
      }
    } catch (RuntimeException e) {
      log.warn("popularity upkeep failed: {}", e.toString());
    }
  }

  /**
   * Writes the record to its file, if it has one, and shares it through Redis, if configured; a failure is
   * logged and counting goes on.
   */
  private void save() {
    Optional<Path> file = config.file();
    if (record != null && file.isPresent()) {
      try {
        RecordFile.write(record, file.get());
      } catch (IOException | RuntimeException e) {
        log.warn("popularity: cannot write {}: {}", file.get(), e.toString());
      }
    }
    if (redis != null) {
      withRedis("sharing this record", () -> redis.store(record));
    }
  }

  /** Runs {@code call} on Redis; logs the first failure of an outage and its end, once each. */
  private void withRedis(String doing, Runnable call) {
    try {
      call.run();
      synchronized (this) {
        if (redisFailing) {
          redisFailing = false;
          log.info("popularity: Redis at {} answers again", redis.describe());
        }
      }
    } catch (io.lettuce.core.RedisException e) {
      synchronized (this) {
        if (!redisFailing) {
          redisFailing = true;
          log.warn("popularity: Redis at {} unreachable ({}: {}); records are not shared until it answers",
              redis.describe(), doing, e.getMessage());
        }
      }
    }
  }

  /** Stops the upkeep and writes the record a last time. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    record.maintain();
    save();
    if (redis != null) {
      redis.close();
    }
  }
}
