package org.jtile.renderd.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jtile.config.ClusterConfig;
import org.jtile.protocol.Command;
import org.jtile.renderd.queue.JobKey;
import org.jtile.renderd.queue.Priority;

/**
 * The farm's queue as it lives in Redis: five sorted sets of waiting jobs (one per class), one hash of every
 * job waiting or leased, a sorted set of leases by deadline, and two channels ({@code work}: a job was queued;
 * {@code done}: a job ended, with its result). Every change is one Lua script, so it is atomic however many
 * hosts act at once; the scripts, beside this class, say what each does.
 *
 * <p>Thread-safe: Lettuce's connections are. Every call may throw Lettuce's {@code RedisException} (Redis
 * unreachable, timed out, or restarted): the caller decides what that means. Calls time out after {@link
 * #TIMEOUT}; while disconnected they fail at once instead of queueing.
 */
public final class SharedQueue implements AutoCloseable {
  /** The longest any Redis call may take before it counts as Redis being away. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Told what the channels say; called on Lettuce's I/O thread, so it must not block. */
  public interface Listener {
    Listener NONE = new Listener() {
      @Override
      public void work() {}

      @Override
      public void done(JobKey key, Command result) {}
    };

    void work();

    void done(JobKey key, Command result);
  }

  /** A job a render thread took: its key, class and the options of the request that made it. */
  public record Taken(JobKey key, Priority priority, String options) {}

  private static final Script ENQUEUE = Script.load("enqueue");
  private static final Script TAKE = Script.load("take");
  private static final Script COMPLETE = Script.load("complete");
  private static final Script RENEW = Script.load("renew");
  private static final Script REAP = Script.load("reap");
  private static final Script SIZES = Script.load("sizes");
  private static final String[] NO_KEYS = new String[0];

  private final ClusterConfig config;
  private final String prefix;
  private final String maxSkips;
  private final String leaseMillis;
  private final ClientResources resources;
  private final RedisClient client;
  /** Opened by the constructor; Lettuce reconnects both by itself after a drop. */
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> channels;

  /**
   * Connects and subscribes.
   *
   * @param maxSkips the turns a waiting class may be passed over, as the local queue counts them
   * @throws io.lettuce.core.RedisException Redis cannot be reached now
   */
  public SharedQueue(ClusterConfig config, int maxSkips, Listener listener) {
    this.config = config;
    this.prefix = config.keyPrefix();
    this.maxSkips = Integer.toString(maxSkips);
    this.leaseMillis = Long.toString(config.lease().toMillis());
    this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    RedisURI uri = RedisURI.create(config.redis());
    uri.setTimeout(TIMEOUT);
    RedisClient c = RedisClient.create(resources, uri);
    c.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
        .build());
    this.client = c;
    try {
      connection = c.connect();
      channels = c.connectPubSub();
    } catch (RuntimeException e) {
      c.shutdown(Duration.ZERO, TIMEOUT);
      resources.shutdown();
      throw e;
    }
    String work = prefix + ":work";
    String done = prefix + ":done";
    channels.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        if (channel.equals(work)) {
          listener.work();
        } else if (channel.equals(done)) {
          int bar = message.indexOf('|');
          JobKey key = bar < 0 ? null : parseKey(message.substring(bar + 1));
          Command result = bar < 0 ? null : parseResult(message.substring(0, bar));
          if (key != null && result != null) { // anything else on the channel is not ours to act on
            listener.done(key, result);
          }
        }
      }
    });
    channels.sync().subscribe(work, done);
  }

  /** Whether both connections are up now (Lettuce is not reconnecting either). */
  boolean isOpen() {
    return connection.isOpen() && channels.isOpen();
  }

  void ping() {
    connection.sync().ping();
  }

  /** Announces a job; completes with "queued", "promoted" or "attached". Does not wait for Redis. */
  public CompletionStage<String> enqueue(JobKey key, String options, Priority priority, String fairKey) {
    return ENQUEUE.runAsync(connection, prefix, keyString(key), Integer.toString(priority.ordinal()), fairKey,
        options);
  }

  /** Takes the next job and leases it to this host, or returns null when none waits. */
  public Taken take() {
    List<Object> got = TAKE.run(connection, ScriptOutputType.MULTI, prefix, config.host(), leaseMillis, maxSkips);
    if (got == null || got.size() < 3) {
      return null;
    }
    JobKey key = parseKey((String) got.get(0));
    return key == null ? null
        : new Taken(key, Priority.values()[Integer.parseInt((String) got.get(1))], (String) got.get(2));
  }

  /**
   * Ends a job and announces {@code result} to every host.
   *
   * @param taken whether this host took it from here (rather than rendering its own copy alone)
   */
  public void complete(JobKey key, Command result, boolean taken) {
    COMPLETE.run(connection, ScriptOutputType.INTEGER, prefix, config.host(), keyString(key), result.name(),
        taken ? "1" : "0");
  }

  /** Extends the leases of jobs this host renders; returns how many it still holds. */
  long renew(Collection<JobKey> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    List<String> args = new ArrayList<>(keys.size() + 3);
    args.add(prefix);
    args.add(config.host());
    args.add(leaseMillis);
    for (JobKey key : keys) {
      args.add(keyString(key));
    }
    return RENEW.run(connection, ScriptOutputType.INTEGER, args.toArray(String[]::new));
  }

  /** Queues again, at the front of their class, up to {@code most} jobs whose lease ran out; returns how many. */
  long reap(int most) {
    return REAP.run(connection, ScriptOutputType.INTEGER, prefix, Integer.toString(most));
  }

  /** Jobs waiting per class (prio .. bulk), jobs leased, take-overs so far. */
  public long[] sizes() {
    List<Object> got = SIZES.run(connection, ScriptOutputType.MULTI, prefix);
    long[] sizes = new long[got.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = (Long) got.get(i);
    }
    return sizes;
  }

  @Override
  public void close() {
    channels.close();
    connection.close();
    client.shutdown(Duration.ZERO, TIMEOUT);
    resources.shutdown();
  }

  /** {@code style/z/x/y}: what names a job in Redis. A style name may hold '/', a number never does. */
  static String keyString(JobKey key) {
    return key.style() + "/" + key.z() + "/" + key.x() + "/" + key.y();
  }

  /** A render's result as {@link #complete} announces it, or null for anything else. */
  static Command parseResult(String s) {
    for (Command c : new Command[] {Command.DONE, Command.NOT_DONE, Command.IGNORE}) {
      if (c.name().equals(s)) {
        return c;
      }
    }
    return null;
  }

  /** The key {@link #keyString} made, or null for anything else. */
  static JobKey parseKey(String s) {
    int y = s.lastIndexOf('/');
    int x = y <= 0 ? -1 : s.lastIndexOf('/', y - 1);
    int z = x <= 0 ? -1 : s.lastIndexOf('/', x - 1);
    if (z <= 0) {
      return null;
    }
    try {
      return new JobKey(s.substring(0, z), Integer.parseInt(s.substring(z + 1, x)),
          Integer.parseInt(s.substring(x + 1, y)), Integer.parseInt(s.substring(y + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A Lua script run by its digest; when Redis does not know it (it restarted, or never saw it), sent whole
   * once, which loads it again.
   */
  private record Script(String body, String digest) {
    static Script load(String name) {
      try (InputStream in = SharedQueue.class.getResourceAsStream(name + ".lua")) {
        if (in == null) {
          throw new IllegalStateException("missing script " + name + ".lua");
        }
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Script(body, sha1(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    <T> T run(StatefulRedisConnection<String, String> c, ScriptOutputType type, String... args) {
      try {
        return c.sync().evalsha(digest, type, NO_KEYS, args);
      } catch (RedisNoScriptException e) {
        return c.sync().eval(body, type, NO_KEYS, args);
      }
    }

    CompletionStage<String> runAsync(StatefulRedisConnection<String, String> c, String... args) {
      return c.async().<String>evalsha(digest, ScriptOutputType.VALUE, NO_KEYS, args)
          .handle((result, failure) -> failure == null ? CompletableFuture.completedStage(result)
              : failure instanceof RedisNoScriptException || failure.getCause() instanceof RedisNoScriptException
                  ? c.async().<String>eval(body, ScriptOutputType.VALUE, NO_KEYS, args)
                  : CompletableFuture.<String>failedStage(failure))
          .thenCompose(stage -> stage);
    }

    private static String sha1(String body) {
      try {
        byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
