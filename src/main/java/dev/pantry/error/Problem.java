package dev.pantry.error;

import java.util.Objects;

/**
 * The one error type. An expected failure is a value of this type, never an exception; {@link Kind} maps it to an
 * HTTP status and a CLI exit code. Messages are one line and hold no secret.
 *
 * @param retryAfterSeconds for a refusal that passes (rate limit, a full bulkhead), how long the client should wait;
 *                          0 when that means nothing
 */
public record Problem(Kind kind, String message, long retryAfterSeconds) {

  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    message = message.replaceAll("[\\r\\n]+", " ");
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must not be negative");
    }
  }

  /** What went wrong, with the HTTP status and CLI exit code it maps to. */
  public enum Kind {
    BAD_REQUEST(400, 2),
    NOT_FOUND(404, 1),
    METHOD_NOT_ALLOWED(405, 2),
    NOT_ACCEPTABLE(406, 2),
    UNAUTHORIZED(401, 2),
    FORBIDDEN(403, 2),
    GONE(410, 1),
    RATE_LIMITED(429, 3),
    TOO_LARGE(502, 3),
    UPSTREAM_FAILED(502, 3),
    UPSTREAM_TIMEOUT(504, 3),
    INTEGRITY(502, 3),
    STORAGE(507, 4),
    UNAVAILABLE(503, 3),
    INTERNAL(500, 4);

    private final int httpStatus;
    private final int exitCode;

    Kind(int httpStatus, int exitCode) {
      this.httpStatus = httpStatus;
      this.exitCode = exitCode;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  public static Problem of(Kind kind, String message) {
    return new Problem(kind, message, 0);
  }

  /** The same problem, telling the client to come back after {@code seconds} (at least 1). */
  public Problem retryAfter(long seconds) {
    return new Problem(kind, message, Math.max(1, seconds));
  }

  @Override
  public String toString() {
    return kind + ": " + message;
  }
}
