package dev.pantry.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from an exception to a {@link Problem}, shared by the HTTP error handling and the command line:
 * storage failures are STORAGE (507, exit 4), bad arguments BAD_REQUEST, anything else INTERNAL with its type only
 * (a message of an unexpected exception may carry internals, so it goes to the log, not to a client).
 */
public final class Errors {
  private Errors() {}

  public static Problem problem(Throwable e) {
    if (e instanceof ProblemException pe) {
      return pe.problem();
    }
    if (e instanceof StorageException) {
      return Problem.of(Problem.Kind.STORAGE, oneLine(e.getMessage(), "the cache's storage failed"));
    }
    if (e instanceof UncheckedIOException || e instanceof IOException) {
      return Problem.of(Problem.Kind.STORAGE, oneLine(e.getMessage(), "an I/O operation failed"));
    }
    if (e instanceof IllegalArgumentException) {
      return Problem.of(Problem.Kind.BAD_REQUEST, oneLine(e.getMessage(), "bad argument"));
    }
    if (e instanceof OutOfMemoryError) {
      return Problem.of(Problem.Kind.UNAVAILABLE, "the mirror is out of memory; try again").retryAfter(5);
    }
    return Problem.of(Problem.Kind.INTERNAL, "internal error (" + e.getClass().getSimpleName() + ")");
  }

  private static String oneLine(@Nullable String message, String fallback) {
    return message == null || message.isBlank() ? fallback : message.lines().findFirst().orElse(fallback);
  }
}
