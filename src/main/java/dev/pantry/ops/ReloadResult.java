package dev.pantry.ops;

import java.util.List;

/** What a config reload came to. */
public sealed interface ReloadResult {
  /** The new config is in force; {@code changes} says what changed, secrets never shown. */
  record Applied(List<String> changes) implements ReloadResult {
    public Applied {
      changes = List.copyOf(changes);
    }
  }

  /** The new config was refused and the old one stays; {@code reason} names the key, never a secret. */
  record Rejected(String reason) implements ReloadResult {}
}
