package dev.pantry.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * When an upstream's circuit opens, and for how long.
 *
 * @param failureThreshold consecutive transiently failed exchanges (after retries) that open the circuit
 * @param coolDown         how long the circuit stays open before one probe is let through
 */
public record BreakerPolicy(int failureThreshold, Duration coolDown) {

  public BreakerPolicy {
    Objects.requireNonNull(coolDown, "coolDown");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
    }
    if (coolDown.isNegative()) {
      throw new IllegalArgumentException("coolDown must not be negative");
    }
  }

  /** Open after 5 consecutive failures, probe again after 30 s. */
  public static BreakerPolicy defaults() {
    return new BreakerPolicy(5, Duration.ofSeconds(30));
  }
}
