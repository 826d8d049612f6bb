package dev.pantry.ops;

import dev.pantry.config.OpsSettings.Limit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client's token bucket, thread-safe without a lock: its state is one immutable value, replaced by
 * compare-and-set. Tokens refill continuously at the limit's rate up to its burst; a request takes one. The limit is
 * passed on each call, so a reload that changes it applies at once (the tokens saved are capped to the new burst).
 */
final class TokenBucket {
  private record State(Limit limit, double tokens, long last) {
    /** Refilled up to {@code now} under {@code current}, never going back in time (clocks of threads may differ). */
    State refilled(Limit current, long now) {
      long at = Math.max(last, now);
      double t = Math.min(current.burst(), tokens + (at - last) / 1e9 * current.perSecond());
      return new State(current, t, at);
    }
  }

  private final AtomicReference<State> state;

  /** A new client starts with a full bucket. */
  TokenBucket(Limit limit, long nowNanos) {
    this.state = new AtomicReference<>(new State(limit, limit.burst(), nowNanos));
  }

  /** Takes a token under {@code current}: 0 when granted, else the nanoseconds until one will be there. */
  long take(Limit current, long nowNanos) {
    while (true) {
      State s = Objects.requireNonNull(state.get()); // never null: set at construction
      State r = s.refilled(current, nowNanos);
      boolean granted = r.tokens() >= 1;
      State next = granted ? new State(current, r.tokens() - 1, r.last()) : r;
      if (state.compareAndSet(s, next)) {
        return granted ? 0 : Math.max(1, (long) Math.ceil((1 - r.tokens()) / current.perSecond() * 1e9));
      }
    }
  }

  /** True when the bucket has refilled completely: forgetting it loses nothing. */
  boolean isFull(long nowNanos) {
    State s = Objects.requireNonNull(state.get());
    return s.refilled(s.limit(), nowNanos).tokens() >= s.limit().burst();
  }
}
