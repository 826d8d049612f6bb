package dev.pantry.ops;

import dev.pantry.config.OpsSettings.Limit;

/**
 * One client's token bucket. Not thread-safe: {@link RateLimiter} guards it. Tokens refill continuously at the
 * limit's rate up to its burst; a request takes one. The limit is passed on each call, so a reload that changes it
 * applies at once (the tokens saved are capped to the new burst).
 */
final class TokenBucket {
  private Limit limit;
  private double tokens;
  private long last;

  /** A new client starts with a full bucket. */
  TokenBucket(Limit limit, long nowNanos) {
    this.limit = limit;
    this.tokens = limit.burst();
    this.last = nowNanos;
  }

  /** Takes a token under {@code current}: 0 when granted, else the nanoseconds until one will be there. */
  long take(Limit current, long nowNanos) {
    refill(nowNanos);
    limit = current;
    tokens = Math.min(tokens, limit.burst());
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9));
  }

  /** True when the bucket has refilled completely: forgetting it loses nothing. */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= limit.burst();
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - last);
    tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
    last = nowNanos;
  }
}
