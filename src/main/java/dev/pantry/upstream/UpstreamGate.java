package dev.pantry.upstream;

import dev.pantry.error.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Asked just before a request contacts an upstream (a file not cached, a page past its TTL), so that work can be
 * limited per client while cache hits are not. The web layer gives each request its own gate.
 */
@FunctionalInterface
public interface UpstreamGate {
  /** Lets everything through. */
  UpstreamGate OPEN = () -> null;

  /** Null when the request may contact the upstream now, else the problem to answer with (RATE_LIMITED). */
  @Nullable Problem enter();
}
