package dev.pantry.ops;

import dev.pantry.config.OpsSettings.Limit;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets per (bucket name, client), e.g. ({@code request:files}, {@code 203.0.113.7}).
 *
 * <p>No lock on the request path: buckets live in a concurrent map and each takes its tokens by compare-and-set, so
 * clients (or one client's requests on two selector threads) never wait on each other. Memory is bounded: about
 * once a second, buckets that have refilled completely (idle clients) are dropped, since a new bucket starts full
 * anyway; past {@code maxClients} the idle ones go first, then any, down to nine tenths of it.
 */
public final class RateLimiter {
  private static final long SWEEP_NANOS = 1_000_000_000L;

  private final int maxClients;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  /** An answer: allowed, or how long to wait. */
  public record Decision(boolean allowed, long retryAfterSeconds) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  public RateLimiter(int maxClients, LongSupplier nanoTime) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be positive");
    }
    this.maxClients = maxClients;
    this.nanoTime = nanoTime;
    this.lastSweep = new AtomicLong(nanoTime.getAsLong());
  }

  public RateLimiter() {
    this(100_000, System::nanoTime);
  }

  /** Takes one token from the client's bucket; an off limit always allows. */
  public Decision take(String bucket, String client, Limit limit) {
    if (limit.isOff()) {
      return Decision.ALLOWED;
    }
    long now = nanoTime.getAsLong();
    sweep(now);
    String key = bucket + '\0' + client;
    TokenBucket b = buckets.get(key);
    if (b == null) {
      b = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now));
    }
    long wait = b.take(limit, now);
    return wait == 0 ? Decision.ALLOWED : new Decision(false, Math.max(1, (wait + 999_999_999L) / 1_000_000_000L));
  }

  /** How many buckets are kept. */
  public int size() {
    return buckets.size();
  }

  /** Drops idle buckets about once a second (one caller does it), and any past the cap. */
  private void sweep(long now) {
    long last = lastSweep.get();
    boolean due = now - last >= SWEEP_NANOS && lastSweep.compareAndSet(last, now);
    if (!due && buckets.size() <= maxClients) {
      return;
    }
    buckets.values().removeIf(b -> b.isFull(now));
    if (buckets.size() > maxClients) {
      int target = Math.max(1, maxClients - maxClients / 10);
      Iterator<String> it = buckets.keySet().iterator();
      while (buckets.size() > target && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }
}
