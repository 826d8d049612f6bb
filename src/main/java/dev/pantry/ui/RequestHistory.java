package dev.pantry.ui;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests and cache hits of the last 24 hours, in memory, as per-minute counters in a ring. Recording is lock-free
 * except when a minute's slot is reused, once a minute; a count that races that reset may be lost, which a chart can
 * afford. Nothing survives a restart: this is for looking at, not for accounting.
 */
public final class RequestHistory {
  /** How many minutes the ring holds. */
  static final int MINUTES = 24 * 60;

  private final Clock clock;
  private final AtomicLongArray stamps = new AtomicLongArray(MINUTES);
  private final AtomicLongArray requests = new AtomicLongArray(MINUTES);
  private final AtomicLongArray hits = new AtomicLongArray(MINUTES);

  /**
   * A series of equal buckets ending with the current one.
   *
   * @param start         epoch millis at which the first bucket begins
   * @param bucketMinutes each bucket's width
   * @param requests      requests per bucket, oldest first
   * @param hits          cache hits per bucket, oldest first
   */
  public record Series(long start, int bucketMinutes, long[] requests, long[] hits) {
    public long totalRequests() {
      long sum = 0;
      for (long r : requests) {
        sum += r;
      }
      return sum;
    }

    public long totalHits() {
      long sum = 0;
      for (long h : hits) {
        sum += h;
      }
      return sum;
    }
  }

  public RequestHistory(Clock clock) {
    this.clock = clock;
    for (int i = 0; i < MINUTES; i++) {
      stamps.set(i, -1);
    }
  }

  /** Counts one request to the index or the files. */
  public void request() {
    requests.incrementAndGet(slot(clock.millis() / 60_000));
  }

  /** Counts one request answered from the cache. */
  public void hit() {
    hits.incrementAndGet(slot(clock.millis() / 60_000));
  }

  private int slot(long minute) {
    int i = (int) (minute % MINUTES);
    if (stamps.get(i) != minute) {
      synchronized (this) {
        if (stamps.get(i) != minute) {
          requests.set(i, 0);
          hits.set(i, 0);
          stamps.set(i, minute);
        }
      }
    }
    return i;
  }

  /**
   * The last 24 hours in buckets of {@code bucketMinutes} (a divisor of 1440), aligned to multiples of the bucket
   * width, the last bucket being the current, partial one.
   */
  public Series last24h(int bucketMinutes) {
    if (bucketMinutes <= 0 || MINUTES % bucketMinutes != 0) {
      throw new IllegalArgumentException("bucket width must divide a day: " + bucketMinutes);
    }
    long now = clock.millis() / 60_000;
    long lastBucket = now - now % bucketMinutes;
    long first = lastBucket - (MINUTES / bucketMinutes - 1L) * bucketMinutes;
    int n = MINUTES / bucketMinutes;
    long[] r = new long[n];
    long[] h = new long[n];
    for (long minute = Math.max(first, now - MINUTES + 1); minute <= now; minute++) {
      int i = (int) (minute % MINUTES);
      if (stamps.get(i) == minute) {
        int b = (int) ((minute - first) / bucketMinutes);
        r[b] += requests.get(i);
        h[b] += hits.get(i);
      }
    }
    return new Series(first * 60_000, bucketMinutes, r, h);
  }
}
