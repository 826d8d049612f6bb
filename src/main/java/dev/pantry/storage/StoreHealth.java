package dev.pantry.storage;

import org.jspecify.annotations.Nullable;

/**
 * Whether a store can take writes.
 *
 * @param problem null when fine, else one line: "full", "read-only", "unreachable (…)"
 * @param freeBytes bytes free where the store writes, or -1 when the medium does not say
 */
public record StoreHealth(@Nullable String problem, long freeBytes) {
  public static StoreHealth ok(long freeBytes) {
    return new StoreHealth(null, freeBytes);
  }

  public static StoreHealth failing(String problem) {
    return new StoreHealth(problem, -1);
  }

  public boolean healthy() {
    return problem == null;
  }
}
