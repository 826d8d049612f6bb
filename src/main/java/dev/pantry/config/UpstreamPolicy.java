package dev.pantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry, circuit-breaker and bulkhead settings, each applied to every upstream on its own.
 *
 * @param attempts         tries per idempotent GET, first one included
 * @param backoff          wait before the first retry; doubles per retry, with jitter
 * @param maxBackoff       the longest wait between retries
 * @param breakerThreshold consecutive failures that open an upstream's circuit
 * @param breakerCoolDown  how long an open circuit answers at once before one probe goes through
 * @param concurrency      exchanges with one upstream at once (a page fetch, or a file until its last byte)
 * @param queue            requests that may wait for one of those; past it, a 503 at once
 * @param queueWait        how long one waits at most before a 503
 */
public record UpstreamPolicy(
    int attempts, Duration backoff, Duration maxBackoff, int breakerThreshold, Duration breakerCoolDown,
    int concurrency, int queue, Duration queueWait) {
  /** Default bulkhead: enough for uv's 50 parallel downloads from one upstream, with room to wait. */
  static final int CONCURRENCY = 48;
  static final int QUEUE = 96;
  static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

  /** Retries and breaker as given, the default bulkhead. */
  public UpstreamPolicy(int attempts, Duration backoff, Duration maxBackoff, int breakerThreshold,
      Duration breakerCoolDown) {
    this(attempts, backoff, maxBackoff, breakerThreshold, breakerCoolDown, CONCURRENCY, QUEUE, QUEUE_WAIT);
  }

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
    Objects.requireNonNull(queueWait, "queueWait");
    if (concurrency < 1 || queue < 0) {
      throw new IllegalArgumentException("bulkhead.concurrency must be at least 1 and bulkhead.queue at least 0");
    }
  }

  public static UpstreamPolicy defaults() {
    return new UpstreamPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
  }
}
