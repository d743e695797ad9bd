package org.jtile.frontend.popularity;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.jtile.popularity.PopularityRecord;
import org.jtile.popularity.RecordFile;

/**
 * Popularity records shared through Redis, for frontends on several hosts without a shared directory: each
 * stores its record (the record file's bytes) under {@code jtile:popularity:<name>}, kept for a half-life
 * unless stored again, and a refresh merges every other frontend's.
 *
 * <p>Called from the {@code frontend-popularity} thread (store) and the refresh thread (merge); Lettuce's
 * connection is thread-safe, and {@link #connection} is made once, under this object's monitor. Every call
 * may throw Lettuce's {@code RedisException}; the caller logs it and goes on without sharing.
 */
final class RedisRecords implements AutoCloseable {
  static final String PREFIX = "jtile:popularity:";
  /** A record is megabytes: more time than a queue call. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String uri;
  private final String own;
  private final Duration keep;
  private final ClientResources resources;
  private final RedisClient client;
  /** Made at the first call that needs it; Lettuce reconnects it after a drop. Guarded by this. */
  private StatefulRedisConnection<String, byte[]> connection;

  RedisRecords(String uri, String name, Duration keep) {
    this.uri = uri;
    this.own = PREFIX + name;
    this.keep = keep;
    this.resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(2).build();
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(TIMEOUT);
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
        .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
        .build());
  }

  private synchronized RedisCommands<String, byte[]> commands() {
    if (connection == null) {
      connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }
    return connection.sync();
  }

  /** Stores this frontend's record for the others. */
  void store(PopularityRecord record) {
    commands().set(own, RecordFile.toBytes(record), SetArgs.Builder.px(keep.toMillis()));
  }

  /**
   * Merges every other frontend's record into {@code into}; one that cannot be read, or counts with another
   * sketch width, is left out with a line to {@code warn}. Returns how many were merged.
   */
  int mergeOthers(PopularityRecord into, Consumer<String> warn) {
    RedisCommands<String, byte[]> redis = commands();
    int merged = 0;
    ScanArgs match = ScanArgs.Builder.matches(PREFIX + "*").limit(100);
    KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, match);
    while (true) {
      for (String key : cursor.getKeys()) {
        if (key.equals(own)) {
          continue;
        }
        byte[] bytes = redis.get(key);
        if (bytes == null) {
          continue; // expired meanwhile
        }
        try {
          if (RecordFile.merge(into, RecordFile.fromBytes(bytes, into.topCapacity()), warn)) {
            merged++;
          }
        } catch (IOException e) {
          warn.accept("popularity record " + key + " in Redis left out: " + e.getMessage());
        }
      }
      if (cursor.isFinished()) {
        return merged;
      }
      cursor = redis.scan(cursor, match);
    }
  }

  /** The URI without a password, for logs. */
  String describe() {
    return org.jtile.config.ClusterConfig.withoutPassword(uri);
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }
}
