package org.jtile.store.s3;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jtile.store.MetatileKey;
import org.jtile.store.PlanetTimestamp;
import org.jtile.store.TileKey;
import org.jtile.store.TileStat;
import org.jtile.store.TileStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://bucket/prefix?endpoint=…}: one object per metatile in any S3-compatible store, under a
 * browsable layout {@code <prefix>/<style>/<z>/<x>/<y>[.<options>].meta} (x/y the metatile's origin) —
 * never one flat folder of millions of names.
 *
 * <p>The object's user metadata carry the render time ({@code jtile-mtime}, epoch seconds) and the
 * expired flag ({@code jtile-expired}), so a stat is one HEAD, and expiry is a server-side copy of the
 * object onto itself with new metadata: nothing is uploaded again. Staleness is the file store's: a
 * metatile rendered before {@code <prefix>/[<style>/]planet-import-complete} (an object of any content;
 * its time counts), else three days ago, is stale too. The HTTP client keeps at most {@link
 * #MAX_CONNECTIONS} connections, and every call is bounded by {@link #TIMEOUT}.
 */
public final class S3TileStore implements TileStore {
  static final int MAX_CONNECTIONS = 64;
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String MTIME = "jtile-mtime";
  private static final String EXPIRED = "jtile-expired";

  private final S3Location location;
  private final S3Client s3;
  private final Clock clock;
  private final PlanetTimestamp planet;

  public S3TileStore(String storage, Clock clock) {
    this.location = S3Location.parse(storage);
    this.clock = clock;
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(location.region()))
        .forcePathStyle(location.pathStyle())
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(TIMEOUT))
        .overrideConfiguration(c -> c.apiCallTimeout(TIMEOUT));
    if (!location.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(location.endpoint()));
    }
    builder.credentialsProvider(location.accessKey() != null
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(location.accessKey(), location.secretKey()))
        : DefaultCredentialsProvider.builder().build());
    this.s3 = builder.build();
    this.planet = new PlanetTimestamp(this::planetObject, clock);
  }

  /** The time of a planet-import-complete object, if there is one (an unreachable store counts as none). */
  private Optional<Instant> planetObject(String style) {
    String name = (style.isEmpty() ? "" : style + "/") + PlanetTimestamp.FILE_NAME;
    String key = location.prefix().isEmpty() ? name : location.prefix() + "/" + name;
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(key));
      return Optional.of(stat(head.contentLength(), head.metadata(), head.lastModified(), Instant.MIN).modified());
    } catch (SdkException e) {
      return Optional.empty();
    }
  }

  String objectKey(MetatileKey key) {
    String name = key.style() + "/" + key.coord().z() + "/" + key.coord().x() + "/" + key.coord().y()
        + (key.options().isEmpty() ? "" : "." + key.options()) + ".meta";
    return location.prefix().isEmpty() ? name : location.prefix() + "/" + name;
  }

  private IOException failure(String what, MetatileKey key, Exception e) {
    return new IOException(location + ": " + what + " " + objectKey(key) + " failed: " + e.getMessage(), e);
  }

  private TileStat stat(String style, long size, Map<String, String> metadata, Instant lastModified) {
    return stat(size, metadata, lastModified, planet.forStyle(style));
  }

  private static TileStat stat(long size, Map<String, String> metadata, Instant lastModified, Instant planetTime) {
    String mtime = metadata.get(MTIME);
    Instant modified;
    try {
      modified = mtime != null ? Instant.ofEpochSecond(Long.parseLong(mtime)) : lastModified;
    } catch (NumberFormatException e) {
      modified = lastModified;
    }
    return new TileStat(size, modified, "1".equals(metadata.get(EXPIRED)) || modified.isBefore(planetTime));
  }

  @Override
  public TileStat stat(TileKey key) throws IOException {
    MetatileKey metatile = key.metatile();
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(objectKey(metatile)));
      return stat(metatile.style(), head.contentLength(), head.metadata(), head.lastModified());
    } catch (NoSuchKeyException e) {
      return TileStat.MISSING;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return TileStat.MISSING;
      }
      throw failure("head", metatile, e);
    } catch (SdkException e) {
      throw failure("head", metatile, e);
    }
  }

  @Override
  public Optional<Stored> readMetatile(MetatileKey key) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(objectKey(key)));
      GetObjectResponse r = object.response();
      return Optional.of(new Stored(object.asByteArray(),
          stat(key.style(), r.contentLength(), r.metadata(), r.lastModified())));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public void write(MetatileKey key, byte[] metatile) throws IOException {
    try {
      s3.putObject(b -> b.bucket(location.bucket()).key(objectKey(key)).contentType("application/octet-stream")
          .metadata(Map.of(MTIME, String.valueOf(clock.instant().getEpochSecond()), EXPIRED, "0")),
          RequestBody.fromBytes(metatile));
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public boolean delete(MetatileKey key) throws IOException {
    boolean existed = stat(new TileKey(key.style(), key.options(), key.coord().tile(0, 0))).exists();
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(objectKey(key)));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
    return existed;
  }

  @Override
  public boolean expire(MetatileKey key) throws IOException {
    String object = objectKey(key);
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(location.bucket()).key(object));
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("head", key, e);
    } catch (SdkException e) {
      throw failure("head", key, e);
    }
    Map<String, String> metadata = new java.util.HashMap<>(head.metadata());
    metadata.put(EXPIRED, "1");
    metadata.putIfAbsent(MTIME, String.valueOf(head.lastModified().getEpochSecond()));
    try {
      s3.copyObject(b -> b.sourceBucket(location.bucket()).sourceKey(object).destinationBucket(location.bucket())
          .destinationKey(object).metadataDirective(MetadataDirective.REPLACE).metadata(metadata)
          .contentType(head.contentType()));
      return true;
    } catch (SdkException e) {
      throw failure("copy", key, e);
    }
  }

  /** Writes an empty object {@code <prefix>/<name>}, e.g. planet-import-complete after an import. */
  public void putMarker(String name) throws IOException {
    String key = location.prefix().isEmpty() ? name : location.prefix() + "/" + name;
    try {
      s3.putObject(b -> b.bucket(location.bucket()).key(key)
          .metadata(Map.of(MTIME, String.valueOf(clock.instant().getEpochSecond()))), RequestBody.empty());
    } catch (SdkException e) {
      throw new IOException(location + ": put " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String id(TileKey key) {
    return "s3://" + location.bucket() + "/" + objectKey(key.metatile());
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return location.toString();
  }
}
