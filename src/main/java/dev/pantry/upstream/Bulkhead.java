package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One upstream's bulkhead: at most {@code concurrency} exchanges with it at once (a page fetch, or a file until its
 * last byte). Up to {@code queue} more requests wait for a place, each at most {@code queueWait}; past either, the
 * answer is a 503 with {@code Retry-After} at once. So a slow upstream holds a bounded number of the mirror's threads,
 * and one upstream's trouble cannot take another's places. Only requests that must reach the upstream come here;
 * cache hits never do. Thread-safe.
 */
final class Bulkhead {
  private final String upstreamId;
  private final int concurrency;
  private final int queue;
  private final Duration queueWait;
  private final Semaphore places;
  private final AtomicInteger waiting = new AtomicInteger();

  Bulkhead(String upstreamId, int concurrency, int queue, Duration queueWait) {
    this.upstreamId = upstreamId;
    this.concurrency = concurrency;
    this.queue = queue;
    this.queueWait = queueWait;
    this.places = new Semaphore(concurrency, true);
  }

  /**
   * Takes a place, waiting at most the queue's wait. Returns null when taken (the caller must {@link #release()} it
   * exactly once), else the problem to answer with.
   */
  @Nullable Problem acquire() {
    if (places.tryAcquire()) {
      return null;
    }
    if (waiting.incrementAndGet() > queue) {
      waiting.decrementAndGet();
      return busy("and " + queue + " waiting");
    }
    try {
      if (places.tryAcquire(queueWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return null;
      }
      return busy("for " + Failures.seconds(queueWait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return busy("(interrupted while waiting)");
    } finally {
      waiting.decrementAndGet();
    }
  }

  void release() {
    places.release();
  }

  /** Exchanges under way now. */
  int inUse() {
    return concurrency - places.availablePermits();
  }

  private Problem busy(String detail) {
    return Problem.of(Problem.Kind.UNAVAILABLE, "upstream " + upstreamId + " is busy: " + concurrency
        + " exchanges under way " + detail + "; retry shortly").retryAfter(2);
  }
}
