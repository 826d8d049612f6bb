package dev.pantry.storage;

import dev.pantry.config.Secret;
import dev.pantry.config.StorageSettings;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an S3-compatible bucket is and how to reach it.
 *
 * @param bucket    the bucket
 * @param prefix    the key prefix, empty or ending in '/'
 * @param endpoint  a custom endpoint (MinIO, Ceph, s3proxy...), or null for AWS
 * @param region    the region; AWS's {@code us-east-1} when none is given
 * @param pathStyle {@code http://endpoint/bucket/key} rather than {@code http://bucket.endpoint/key}
 * @param accessKey the access key, or null for the AWS default credential chain
 * @param secretKey its secret, or null with it
 */
public record S3Settings(String bucket, String prefix, @Nullable URI endpoint, String region, boolean pathStyle,
    @Nullable String accessKey, @Nullable Secret secretKey) {
  public S3Settings {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("storage.url: '" + bucket + "' is not an S3 bucket name");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("storage.access-key and storage.secret-key-file go together");
    }
  }

  /** The bucket a storage configuration names, under {@code sub} (a prefix of the configured one, or ""). */
  public static S3Settings of(StorageSettings storage, String sub) {
    String[] bucketAndPrefix = parseUrl(storage.url());
    String prefix = bucketAndPrefix[1].isEmpty() || bucketAndPrefix[1].endsWith("/") ? bucketAndPrefix[1]
        : bucketAndPrefix[1] + "/";
    return new S3Settings(bucketAndPrefix[0], prefix + sub, storage.endpoint(), storage.region(),
        storage.pathStyle(), storage.accessKey(), storage.secretKey());
  }

  /** {@code s3://BUCKET/PREFIX/}: the bucket and prefix of a storage URL. */
  public static String[] parseUrl(String url) {
    URI u = URI.create(url.strip());
    if (!"s3".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("storage.url must be empty (the data directory) or s3://BUCKET/PREFIX/");
    }
    String path = u.getPath() == null ? "" : u.getPath();
    return new String[] {u.getHost(), path.startsWith("/") ? path.substring(1) : path};
  }

  /** For logs and {@code /readyz}: the bucket, prefix and endpoint, never a key. */
  public String describe() {
    return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
  }

  @Override
  public String toString() {
    return "S3Settings[" + describe() + "]";
  }
}
