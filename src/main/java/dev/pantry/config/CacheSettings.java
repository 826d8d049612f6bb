package dev.pantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the cache behaves under pressure.
 *
 * @param maxSize  the size cap for cached files in bytes; 0 means no cap. Least recently used files go first.
 * @param maxStale how long past its TTL a page may still be served when the upstream fails; {@link Duration#ZERO}
 *                 means without limit
 * @param offline  never contact an upstream: serve only what is cached
 */
public record CacheSettings(long maxSize, Duration maxStale, boolean offline) {
  public CacheSettings {
    Objects.requireNonNull(maxStale, "maxStale");
    if (maxSize < 0) {
      throw new IllegalArgumentException("max-size must not be negative");
    }
    if (maxStale.isNegative()) {
      throw new IllegalArgumentException("max-stale must not be negative");
    }
  }

  public static CacheSettings defaults() {
    return new CacheSettings(0, Duration.ZERO, false);
  }

  /** True when a page this far past its TTL may still be served. */
  public boolean allowsStale(Duration pastTtl) {
    return maxStale.isZero() || pastTtl.compareTo(maxStale) <= 0;
  }
}
