package dev.pantry.config;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the metadata index lives.
 *
 * @param url            empty for H2 in the data directory; {@code jdbc:postgresql://HOST:PORT/DB} for PostgreSQL
 * @param username       the database user (PostgreSQL)
 * @param password       the database password, or null
 * @param poolSize       connections in the pool at most
 * @param connectTimeout how long to wait for a connection before failing the request (and readiness)
 * @param claimLease     with PostgreSQL: how long a replica's claim on a download outlives its last renewal, so how
 *                       soon another replica takes over the download of one that died
 */
public record MetadataSettings(String url, String username, @Nullable Secret password, int poolSize,
    Duration connectTimeout, Duration claimLease) {

  public static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

  public MetadataSettings(String url, String username, @Nullable Secret password, int poolSize,
      Duration connectTimeout) {
    this(url, username, password, poolSize, connectTimeout, CLAIM_LEASE);
  }

  public MetadataSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(claimLease, "claimLease");
    if (claimLease.toMillis() < 300) {
      throw new IllegalArgumentException("metadata.claim-lease must be at least 300ms");
    }
    url = url.strip();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("metadata.url must be empty (H2 in the data directory) or "
          + "jdbc:postgresql://HOST:PORT/DB");
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("metadata.pool-size must be between 1 and 1000");
    }
  }

  /** H2 in the data directory. */
  public static MetadataSettings defaults() {
    return new MetadataSettings("", "pantry", null, 16, Duration.ofSeconds(5));
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql://");
  }
}
