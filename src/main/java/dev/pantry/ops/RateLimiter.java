package dev.pantry.ops;

import dev.pantry.config.OpsSettings.Limit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per (bucket name, client), e.g. ({@code request:files}, {@code 203.0.113.7}).
 *
 * <p>Memory is bounded: at most {@code maxClients} buckets are kept, least recently used first out, and buckets that
 * have refilled completely (idle clients) are dropped as requests come in, since a new bucket starts full anyway.
 * One lock guards the map and the buckets; the work under it is a few arithmetic operations.
 */
public final class RateLimiter {
  private final int maxClients;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(256, 0.75f, true);

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
  }

  public RateLimiter() {
    this(100_000, System::nanoTime);
  }

  /** Takes one token from the client's bucket; an off limit always allows. */
  public Decision take(String bucket, String client, Limit limit) {
    if (limit.isOff()) {
      return Decision.ALLOWED;
    }
    String key = bucket + '\0' + client;
    synchronized (buckets) {
      long now = nanoTime.getAsLong();
      TokenBucket b = buckets.get(key);
      if (b == null) {
        b = new TokenBucket(limit, now);
        buckets.put(key, b);
      }
      long wait = b.take(limit, now);
      evict(now);
      return wait == 0 ? Decision.ALLOWED : new Decision(false, Math.max(1, (wait + 999_999_999L) / 1_000_000_000L));
    }
  }

  /** How many buckets are kept. */
  public int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  /** Drops the eldest while over the cap, then up to two idle (full) buckets from the cold end. */
  private void evict(long now) {
    Iterator<Map.Entry<String, TokenBucket>> it = buckets.entrySet().iterator();
    while (buckets.size() > maxClients && it.hasNext()) {
      it.next();
      it.remove();
    }
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      if (!it.next().getValue().isFull(now)) {
        return;
      }
      it.remove();
    }
  }
}
