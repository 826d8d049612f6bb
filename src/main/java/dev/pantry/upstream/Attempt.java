package dev.pantry.upstream;

import org.jspecify.annotations.Nullable;

/**
 * One try at an exchange: its outcome, and when that outcome is {@link Outcome.Failed}, the failure behind it.
 */
record Attempt<T>(Outcome<T> outcome, @Nullable Failure failure) {

  static <T> Attempt<T> of(Outcome<T> outcome) {
    return new Attempt<>(outcome, null);
  }

  static <T> Attempt<T> failed(Failure failure) {
    return new Attempt<>(new Outcome.Failed<>(failure.problem()), failure);
  }

  boolean retryable() {
    return failure != null && failure.retryable();
  }
}
