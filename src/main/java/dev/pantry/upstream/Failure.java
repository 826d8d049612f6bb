package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.net.URI;
import java.util.Objects;

/**
 * A failed try at an exchange.
 *
 * @param problem what to report (its message is one line and names URLs only through {@code Origin.redact})
 * @param at      the URL of the hop that failed, for the log line (print it only through {@code Origin.redact})
 * @param blame   whose it is, which decides retries, the circuit and readiness
 */
record Failure(Problem problem, URI at, Blame blame) {

  /** Whose failure it is. */
  enum Blame {
    /** Cannot connect, timeout, reset, 500/502/503/504: retried, and counted against the upstream's circuit. */
    TRANSIENT,
    /** The upstream answered and would answer the same again (a 4xx, a page too large, a bad redirect). */
    ANSWER,
    /** A 401 or 403: an answer, until the credentials change; readiness reports it at once. */
    CREDENTIALS,
    /** The mirror's own limit ended it (memory for pages): never counted against the upstream. */
    MIRROR
  }

  Failure {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(blame, "blame");
  }

  static Failure permanent(Problem.Kind kind, String message, URI at) {
    return new Failure(Problem.of(kind, message), at, Blame.ANSWER);
  }

  static Failure credentials(String message, URI at) {
    return new Failure(Problem.of(Problem.Kind.UPSTREAM_FAILED, message), at, Blame.CREDENTIALS);
  }

  static Failure transientFailure(Problem.Kind kind, String message, URI at) {
    return new Failure(Problem.of(kind, message), at, Blame.TRANSIENT);
  }

  static Failure mirror(Problem problem, URI at) {
    return new Failure(problem, at, Blame.MIRROR);
  }

  boolean retryable() {
    return blame == Blame.TRANSIENT;
  }
}
