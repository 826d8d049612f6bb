package dev.pantry.config;

import java.util.Objects;

/**
 * A credential value that never prints: {@link #toString()} is redacted, so a secret inside a record, a log line or an
 * exception message shows as {@code [redacted]}. Only {@link #reveal()} gives the value, and only the code that puts
 * it on the wire calls it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a value; surrounding whitespace (a trailing newline in a secret file, say) is removed. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    return new Secret(value.strip());
  }

  /** The secret itself, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "[redacted]";
  }
}
