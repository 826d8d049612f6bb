package dev.pantry.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.config.MetadataSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What a cluster's replicas share, for one test: a fresh database in the throwaway PostgreSQL cluster and a fresh
 * bucket on an s3proxy of its own. Skips the test where PostgreSQL cannot run.
 */
public final class SharedBackends implements AutoCloseable {
  public final S3Server s3;
  public final String bucket;
  public final String prefix;
  public final MetadataSettings metadata;
  public final StorageSettings storage;
  private final String dbUrl;

  private SharedBackends(S3Server s3, String bucket, String prefix, String dbUrl, MetadataSettings metadata,
      StorageSettings storage) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.dbUrl = dbUrl;
    this.metadata = metadata;
    this.storage = storage;
  }

  /** Starts the bucket's server with its objects under {@code dir}, and makes the database. */
  public static SharedBackends start(Path dir, String prefix) throws Exception {
    String why = PostgresCluster.unavailableReason();
    assumeTrue(why == null, () -> "no PostgreSQL here: " + why);
    S3Server s3 = S3Server.start(Files.createDirectories(dir.resolve("objects")));
    String bucket = s3.newBucket(prefix).bucket();
    PostgresCluster pg = PostgresCluster.get();
    String url = pg.newDatabase();
    MetadataSettings db = new MetadataSettings(url, PostgresCluster.USER, Secret.of(pg.password()), 4,
        Duration.ofSeconds(5));
    StorageSettings storage = new StorageSettings("s3://" + bucket + "/" + prefix, s3.endpoint(), "us-east-1", true,
        S3Server.ACCESS_KEY, Secret.of(s3.secretKey()));
    return new SharedBackends(s3, bucket, prefix, url, db, storage);
  }

  /** A mirror config on these backends. */
  public UnaryOperator<PantryConfig> config() {
    return c -> c.withMetadata(metadata).withStorage(storage);
  }

  /** The secrets a user must never see: the database password and the S3 secret key. */
  public boolean anySecretIn(String text) {
    return text.contains(s3.secretKey()) || text.contains(PostgresCluster.get().password());
  }

  /** A config file naming these backends (secrets in files beside it), as a user writes one for the CLI. */
  public Path writeConfig(Path dir, String... more) throws Exception {
    Files.writeString(dir.resolve("db-password"), PostgresCluster.get().password());
    Files.writeString(dir.resolve("s3-secret"), s3.secretKey());
    Path file = dir.resolve("cluster.properties");
    Files.writeString(file, String.join("\n", "metadata.url = " + dbUrl,
        "metadata.username = " + PostgresCluster.USER, "metadata.password-file = " + dir.resolve("db-password"),
        "storage.url = s3://" + bucket + "/" + prefix, "storage.endpoint = " + s3.endpoint(),
        "storage.access-key = " + S3Server.ACCESS_KEY, "storage.secret-key-file = " + dir.resolve("s3-secret"),
        String.join("\n", more), ""));
    return file;
  }

  @Override
  public void close() throws Exception {
    s3.close();
  }
}
