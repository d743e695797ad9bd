package org.jtile.store.memcached;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;
import org.jtile.metatile.MetatileReader;
import org.jtile.metatile.TileData;
import org.jtile.store.MetatileKey;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;

/**
 * {@code memcached://[host:port[,host:port…]]} (localhost:11211 when bare): mod_tile's memcached backend
 * ({@code store_memcached.c}), value for value, so a memcached filled by C renderd is read by jtile and the
 * reverse.
 *
 * <p>A value is a 40-byte stat header — size, atime, mtime, ctime (int64 each), expired (int32), 4 bytes of
 * padding, little-endian as C writes the struct on x86-64 — and the metatile. Keys are {@code
 * <style>/<x>/<y>/<z>[.<options>].meta} with the metatile's origin x/y. Expiry sets the header's flag
 * (compare-and-set); there is no planet timestamp in memcached, as in mod_tile. Every operation waits at
 * most {@link #TIMEOUT_MILLIS}; a failure or time-out is an IOException, so a chain skips the layer.
 * With several servers keys are spread by spymemcached's hash, which is not libmemcached's: share a
 * multi-server memcached with C renderd only through one server.
 */
public final class MemcachedTileStore implements TileStore {
  static final int HEADER = 40;
  static final long TIMEOUT_MILLIS = 2000;

  /** Values as stored: flags 0, raw bytes (C renderd writes and reads them so). */
  private static final Transcoder<byte[]> RAW = new Transcoder<>() {
    @Override
    public boolean asyncDecode(CachedData d) {
      return false;
    }

    @Override
    public CachedData encode(byte[] o) {
      return new CachedData(0, o, getMaxSize());
    }

    @Override
    public byte[] decode(CachedData d) {
      return d.getData();
    }

    @Override
    public int getMaxSize() {
      return CachedData.MAX_SIZE;
    }
  };

  static {
    // spymemcached logs to stderr unless told to use SLF4J like the rest of jtile
    if (System.getProperty("net.spy.log.LoggerImpl") == null) {
      System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    }
  }

  private final String servers;
  private final MemcachedClient client;
  private final Clock clock;

  public MemcachedTileStore(String servers, Clock clock) throws IOException {
    this.servers = servers.isEmpty() ? "localhost:11211" : servers;
    this.clock = clock;
    List<java.net.InetSocketAddress> addresses;
    try {
      addresses = AddrUtil.getAddresses(this.servers.replace(',', ' '));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memcached servers must be host:port[,host:port...]: " + servers);
    }
    client = new MemcachedClient(new ConnectionFactoryBuilder()
        .setOpTimeout(TIMEOUT_MILLIS)
        // queue while (re)connecting, up to the operation time-out: a restarted server is used again
        .setFailureMode(FailureMode.Retry)
        .setDaemon(true)
        .build(), addresses);
  }

  static String key(MetatileKey key) {
    return key.style() + "/" + key.coord().x() + "/" + key.coord().y() + "/" + key.coord().z()
        + (key.options().isEmpty() ? "" : "." + key.options()) + ".meta";
  }

  private byte[] get(MetatileKey key) throws IOException {
    try {
      return client.asyncGet(key(key), RAW).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw failure("get", key, e);
    }
  }

  private IOException failure(String what, MetatileKey key, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IOException("memcached " + servers + ": " + what + " " + key(key) + " failed: " + e, e);
  }

  private static TileStat stat(byte[] value) {
    ByteBuffer header = ByteBuffer.wrap(value, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN);
    long mtime = header.getLong(16);
    boolean expired = header.getInt(32) != 0;
    return new TileStat(value.length - HEADER, Instant.ofEpochSecond(mtime), expired);
  }

  private static boolean valid(byte[] value) {
    return value != null && value.length > HEADER;
  }

  @Override
  public Optional<TileData> read(TileKey key) throws IOException {
    byte[] value = get(key.metatile());
    if (!valid(value)) {
      return Optional.empty();
    }
    return MetatileReader.readTile(ByteBuffer.wrap(value, HEADER, value.length - HEADER).slice(), key.tile().slot());
  }

  @Override
  public TileStat stat(TileKey key) throws IOException {
    byte[] value = get(key.metatile());
    return valid(value) ? stat(value) : TileStat.MISSING;
  }

  @Override
  public Optional<Stored> readMetatile(MetatileKey key) throws IOException {
    byte[] value = get(key);
    if (!valid(value)) {
      return Optional.empty();
    }
    return Optional.of(new Stored(java.util.Arrays.copyOfRange(value, HEADER, value.length), stat(value)));
  }

  @Override
  public void write(MetatileKey key, byte[] metatile) throws IOException {
    long now = clock.instant().getEpochSecond();
    ByteBuffer value = ByteBuffer.allocate(HEADER + metatile.length).order(ByteOrder.LITTLE_ENDIAN);
    value.putLong(metatile.length).putLong(now).putLong(now).putLong(now).putInt(0).putInt(0).put(metatile);
    await("set", key, client.set(key(key), 0, value.array(), RAW));
  }

  private boolean await(String what, MetatileKey key, Future<Boolean> operation) throws IOException {
    try {
      return operation.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw failure(what, key, e);
    }
  }

  @Override
  public boolean delete(MetatileKey key) throws IOException {
    return await("delete", key, client.delete(key(key)));
  }

  @Override
  public boolean expire(MetatileKey key) throws IOException {
    for (int attempt = 0; attempt < 5; attempt++) {
      CASValue<byte[]> current;
      try {
        current = client.asyncGets(key(key), RAW).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw failure("gets", key, e);
      }
      if (current == null || !valid(current.getValue())) {
        return false;
      }
      byte[] value = current.getValue().clone();
      ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putInt(32, 1);
      CASResponse response;
      try {
        response = client.asyncCAS(key(key), current.getCas(), value, RAW).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw failure("cas", key, e);
      }
      if (response == CASResponse.OK) {
        return true;
      }
      if (response == CASResponse.NOT_FOUND) {
        return false;
      }
      // EXISTS: written meanwhile; read it again
    }
    throw new IOException("memcached " + servers + ": expire " + key(key) + " lost five races with writers");
  }

  @Override
  public String id(TileKey key) {
    return "memcached://" + servers + "/" + key(key.metatile());
  }

  @Override
  public void close() {
    client.shutdown(1, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "memcached " + servers;
  }
}
