package dev.pantry.upstream;

import dev.pantry.error.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Asked just before a request contacts an upstream (a file not cached, a page past its TTL), or waits on another
 * request's fetch, so that such work can be limited per client and in total while cache hits are not. The server
 * gives each request its own gate.
 */
@FunctionalInterface
public interface UpstreamGate {
  /** Lets everything through. */
  UpstreamGate OPEN = () -> null;

  /**
   * Null when the request may contact the upstream now, else the problem to answer with (RATE_LIMITED, or
   * UNAVAILABLE when the mirror's capacity for upstream work is taken).
   */
  @Nullable Problem enter();

  /**
   * Null when the request may wait on a fetch another request leads (no upstream cost, so no rate limit, but it
   * holds a place all the same), else the problem to answer with.
   */
  default @Nullable Problem join() {
    return null;
  }
}
