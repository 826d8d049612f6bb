package dev.pantry.testing;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The failure switches tests flip on a {@link FakeUpstream}; every one is safe to flip from any thread. */
final class Knobs {

  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 500;
  private volatile Duration stall = Duration.ZERO;
  private volatile boolean down;
  /** The one origin the failure switches apply to, or null for registry and public (and stalls for all three). */
  private volatile @Nullable String only;
  private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
  private final Set<String> resetMidBody = ConcurrentHashMap.newKeySet();
  /** Counted down on close so stalled requests end at once instead of holding the servers' stop. */
  private final CountDownLatch closing = new CountDownLatch(1);

  void failNext(int n, int status) {
    if (n < 0 || status < 100 || status > 599) {
      throw new IllegalArgumentException("n=" + n + " status=" + status);
    }
    failureStatus = status;
    failuresLeft.set(n);
  }

  /** The status to fail this request with, using up one of the planned failures; empty when none are left. */
  OptionalInt takeFailure() {
    int before = failuresLeft.getAndUpdate(left -> left > 0 ? left - 1 : 0);
    return before > 0 ? OptionalInt.of(failureStatus) : OptionalInt.empty();
  }

  void stall(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative stall: " + d);
    }
    stall = d;
  }

  /** Waits the configured stall, or less if the upstream is closing. */
  void stallIfAsked() throws InterruptedException {
    Duration d = stall;
    if (!d.isZero()) {
      closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void only(@Nullable String origin) {
    only = origin;
  }

  /** Whether the switches apply to the origin called {@code origin}. */
  boolean appliesTo(String origin) {
    String o = only;
    return o == null || o.equals(origin);
  }

  void down(boolean isDown) {
    down = isDown;
  }

  boolean isDown() {
    return down;
  }

  void corrupt(String filename) {
    corrupt.add(filename);
  }

  boolean isCorrupt(String filename) {
    return corrupt.contains(filename);
  }

  void resetMidBody(String filename) {
    resetMidBody.add(filename);
  }

  boolean isResetMidBody(String filename) {
    return resetMidBody.contains(filename);
  }

  /** Turns every switch off; a stall already under way still runs out. */
  void clear() {
    failuresLeft.set(0);
    stall = Duration.ZERO;
    down = false;
    only = null;
    corrupt.clear();
    resetMidBody.clear();
  }

  void close() {
    closing.countDown();
  }
}
