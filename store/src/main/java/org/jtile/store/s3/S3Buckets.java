package org.jtile.store.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Creates a bucket on an S3-compatible server: for tests, benchmarks and a first set-up. */
public final class S3Buckets {
  private S3Buckets() {}

  public static void create(String endpoint, String bucket, String identity, String credential) {
    try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential)))
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
        .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }
}
