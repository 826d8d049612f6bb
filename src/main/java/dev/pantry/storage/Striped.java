package dev.pantry.storage;

/** A fixed set of monitors picked by key, so writes of one blob serialize without a lock per blob. */
final class Striped {
  private final Object[] locks;

  Striped(int n) {
    locks = new Object[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new Object();
    }
  }

  Object of(String key) {
    return locks[Math.floorMod(key.hashCode(), locks.length)];
  }
}
