package dev.pantry.testing;

import dev.pantry.config.Secret;
import dev.pantry.storage.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server (s3proxy, filesystem backend) on a free loopback port, with AWS v4 signatures and a random
 * secret key. Each {@link #newBucket()} is a fresh bucket; objects are plain files under the directory given.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "pantry-test";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3Proxy proxy;
  private final String secret;
  private final URI endpoint;

  private S3Server(S3Proxy proxy, String secret, URI endpoint) {
    this.proxy = proxy;
    this.secret = secret;
    this.endpoint = endpoint;
  }

  public static S3Server start(Path dir) throws Exception {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    String secret = HexFormat.of().formatHex(b);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secret)
        .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
    return new S3Server(proxy, secret, URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  public URI endpoint() {
    return endpoint;
  }

  public String secretKey() {
    return secret;
  }

  /** A new empty bucket, and settings that reach it under {@code prefix}. */
  public S3Settings newBucket(String prefix) {
    String bucket = "pantry-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    try (S3Client s3 = client()) {
      s3.createBucket(r -> r.bucket(bucket));
    }
    return new S3Settings(bucket, prefix, endpoint, "us-east-1", true, ACCESS_KEY, Secret.of(secret));
  }

  public S3Settings newBucket() {
    return newBucket("pantry/");
  }

  /** A plain client for looking behind the store's back. */
  public S3Client client() {
    return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
        .build();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
