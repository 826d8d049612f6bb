package dev.pantry.config;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where artifacts and page renderings are kept: the data directory, or an S3-compatible bucket shared by replicas.
 *
 * @param url       empty for the data directory, or {@code s3://BUCKET/PREFIX/}
 * @param endpoint  an S3-compatible server's endpoint, or null for AWS
 * @param region    the bucket's region
 * @param pathStyle path-style requests ({@code http://endpoint/bucket/key}); the default for a custom endpoint
 * @param accessKey the access key, or null for the AWS default credential chain
 * @param secretKey its secret key, with it
 */
public record StorageSettings(String url, @Nullable URI endpoint, String region, boolean pathStyle,
    @Nullable String accessKey, @Nullable Secret secretKey) {
  public StorageSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(region, "region");
    url = url.strip();
    if (!url.isEmpty() && !url.startsWith("s3://")) {
      throw new IllegalArgumentException("storage.url must be empty (the data directory) or s3://BUCKET/PREFIX/");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new IllegalArgumentException("storage.endpoint must be an absolute http(s) URL");
    }
    if (endpoint != null && endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException("storage.endpoint must not carry credentials: use storage.access-key");
    }
  }

  /** The data directory. */
  public static StorageSettings local() {
    return new StorageSettings("", null, "us-east-1", false, null, null);
  }

  public boolean isS3() {
    return !url.isEmpty();
  }

  @Override
  public String toString() {
    return "StorageSettings[" + (url.isEmpty() ? "data directory" : url + (endpoint == null ? "" : " at " + endpoint))
        + "]";
  }
}
