package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.net.URI;
import java.util.Objects;

/**
 * A failed try at an exchange.
 *
 * @param problem   what to report (its message is one line and names URLs only through {@code Origin.redact})
 * @param retryable true for transient failures (cannot connect, timeout, reset, 500/502/503/504): they are
 *                  retried and count against the upstream's circuit; false when the upstream answered and would
 *                  answer the same again
 * @param at        the URL of the hop that failed, for the log line (print it only through {@code Origin.redact})
 * @param credentials true when the upstream refused (or asked for) credentials: readiness reports it at once
 */
record Failure(Problem problem, boolean retryable, URI at, boolean credentials) {
  Failure {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(at, "at");
  }

  static Failure permanent(Problem.Kind kind, String message, URI at) {
    return new Failure(Problem.of(kind, message), false, at, false);
  }

  /** A 401 or 403: the upstream answered, and will answer the same until the credentials change. */
  static Failure credentials(String message, URI at) {
    return new Failure(Problem.of(Problem.Kind.UPSTREAM_FAILED, message), false, at, true);
  }

  static Failure transientFailure(Problem.Kind kind, String message, URI at) {
    return new Failure(Problem.of(kind, message), true, at, false);
  }
}
