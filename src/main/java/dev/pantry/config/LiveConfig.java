package dev.pantry.config;

import java.util.Objects;

/**
 * The configuration in force, replaceable while the server runs (credential rotation, a new upstream URL, a new TTL).
 * Readers call {@link #get()} once per request, so a request in flight finishes with the config it started with.
 */
public final class LiveConfig {
  private volatile PantryConfig current;

  public LiveConfig(PantryConfig initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  public PantryConfig get() {
    return current;
  }

  /**
   * Puts a new config in force. Settings that need a restart (listen address, data directory)
   * are rejected.
   *
   * @throws IllegalArgumentException naming the setting that cannot change live
   */
  public void replace(PantryConfig next) {
    PantryConfig old = current;
    if (!old.dataDir().equals(next.dataDir())) {
      throw new IllegalArgumentException("data directory cannot change without a restart");
    }
    if (!old.listenHost().equals(next.listenHost()) || old.listenPort() != next.listenPort()) {
      throw new IllegalArgumentException("listen address cannot change without a restart");
    }
    current = next;
  }
}
