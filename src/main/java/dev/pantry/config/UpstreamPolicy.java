package dev.pantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry and circuit-breaker settings shared by all upstreams.
 *
 * @param attempts         tries per idempotent GET, first one included
 * @param backoff          wait before the first retry; doubles per retry, with jitter
 * @param maxBackoff       the longest wait between retries
 * @param breakerThreshold consecutive failures that open an upstream's circuit
 * @param breakerCoolDown  how long an open circuit answers at once before one probe goes through
 */
public record UpstreamPolicy(
    int attempts, Duration backoff, Duration maxBackoff, int breakerThreshold, Duration breakerCoolDown) {
  public UpstreamPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
    if (attempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1");
    }
    if (breakerThreshold < 1) {
      throw new IllegalArgumentException("breaker threshold must be at least 1");
    }
  }

  public static UpstreamPolicy defaults() {
    return new UpstreamPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
  }
}
