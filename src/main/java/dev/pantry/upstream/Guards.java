package dev.pantry.upstream;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each upstream's circuit, bulkhead and retries: its own policy when it has one, else the mirror's. Circuits and
 * bulkheads are made on first use and live as long as the client, so a changed policy applies after a restart.
 */
final class Guards {
  private final RetryPolicy retry;
  private final BreakerPolicy breaker;
  private final BulkheadPolicy bulkhead;
  private final Clock clock;
  private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
  private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

  Guards(RetryPolicy retry, BreakerPolicy breaker, BulkheadPolicy bulkhead, Clock clock) {
    this.retry = retry;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.clock = clock;
  }

  /** The circuit of an upstream known by id only (health reports): the mirror's policy if none was made yet. */
  CircuitBreaker circuit(String upstreamId) {
    return circuits.computeIfAbsent(upstreamId, id -> new CircuitBreaker(id, breaker, clock));
  }

  CircuitBreaker circuit(UpstreamConfig upstream) {
    return circuits.computeIfAbsent(upstream.id(), id -> {
      UpstreamPolicy own = upstream.options().policy();
      return new CircuitBreaker(id, own == null ? breaker
          : new BreakerPolicy(own.breakerThreshold(), own.breakerCoolDown()), clock);
    });
  }

  Bulkhead bulkhead(UpstreamConfig upstream) {
    return bulkheads.computeIfAbsent(upstream.id(), id -> {
      UpstreamPolicy own = upstream.options().policy();
      BulkheadPolicy p = own == null ? bulkhead
          : new BulkheadPolicy(own.concurrency(), own.queue(), own.queueWait());
      return new Bulkhead(id, p.concurrency(), p.queue(), p.queueWait());
    });
  }

  RetryPolicy retry(UpstreamConfig upstream) {
    UpstreamPolicy own = upstream.options().policy();
    return own == null ? retry : new RetryPolicy(own.attempts(), own.backoff(), own.maxBackoff());
  }
}
