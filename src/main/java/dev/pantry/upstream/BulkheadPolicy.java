package dev.pantry.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How many exchanges one upstream gets at once, and how long requests wait for one.
 *
 * @param concurrency exchanges at once (a page fetch, or a file until its last byte)
 * @param queue       requests that may wait for a place; past it, a 503 at once
 * @param queueWait   the longest one waits before a 503
 */
public record BulkheadPolicy(int concurrency, int queue, Duration queueWait) {
  public BulkheadPolicy {
    Objects.requireNonNull(queueWait, "queueWait");
    if (concurrency < 1 || queue < 0) {
      throw new IllegalArgumentException("concurrency must be at least 1 and queue at least 0");
    }
  }

  /** 48 at once, 96 waiting up to 10 s each: room for uv's 50 parallel downloads from one upstream. */
  public static BulkheadPolicy defaults() {
    return new BulkheadPolicy(48, 96, Duration.ofSeconds(10));
  }
}
