package dev.pantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on upstream traffic.
 *
 * @param connect how long to wait for a TCP (and TLS) connection
 * @param idle    how long a connection may stay silent mid-response; large files rely on this, not on a total limit
 * @param page    the total time allowed for one index page, redirects included
 */
public record Timeouts(Duration connect, Duration idle, Duration page) {
  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(page, "page");
  }

  public static Timeouts defaults() {
    return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }
}
