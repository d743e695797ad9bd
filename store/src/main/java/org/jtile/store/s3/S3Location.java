package org.jtile.store.s3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code s3://bucket[/prefix][?endpoint=…&region=…&path_style=true&access_key=…&secret_key=…]}.
 * Without keys the AWS SDK's default provider chain (environment, profile, instance role) is used.
 */
record S3Location(String bucket, String prefix, String endpoint, String region, boolean pathStyle, String accessKey,
    String secretKey) {
  private static final Set<String> KEYS = Set.of("endpoint", "region", "path_style", "access_key", "secret_key");

  static S3Location parse(String storage) {
    URI uri;
    try {
      uri = URI.create(storage);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("s3 storage must be s3://bucket/prefix?endpoint=...: " + storage);
    }
    String bucket = uri.getHost();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("s3 storage names no bucket: " + storage);
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown s3 storage option '" + key + "' (known: " + KEYS + ")");
        }
        query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (query.containsKey("access_key") != query.containsKey("secret_key")) {
      throw new IllegalArgumentException("s3 storage needs both access_key and secret_key, or neither");
    }
    return new S3Location(bucket, prefix, query.getOrDefault("endpoint", ""), query.getOrDefault("region", "us-east-1"),
        Boolean.parseBoolean(query.getOrDefault("path_style", "false")), query.get("access_key"),
        query.get("secret_key"));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + (endpoint.isEmpty() ? "" : " at " + endpoint);
  }
}
