package dev.pantry.upstream;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often an idempotent upstream GET is tried when it fails transiently (cannot connect, timeout, connection reset,
 * 500/502/503/504). Other failures — 404, 401/403, other 4xx, a page over the limit, a redirect loop — are never
 * retried. A file is retried only before its stream is handed to the caller.
 *
 * @param maxAttempts    tries in all, at least 1 (1 = no retry)
 * @param initialBackoff the pause after the first failed try; it doubles after each further one
 * @param maxBackoff     the longest pause
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** Three tries, pausing about 200 ms, then about 400 ms; never more than 2 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  /** One try only. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /**
   * The pause after {@code failedAttempts} failed tries: exponential, capped, with jitter in its upper half so that
   * many callers that failed together do not come back together.
   */
  public Duration backoff(int failedAttempts) {
    long base = initialBackoff.toMillis();
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long capped = Math.min(maxBackoff.toMillis(), base << doublings);
    if (capped <= 1) {
      return Duration.ofMillis(capped);
    }
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }
}
