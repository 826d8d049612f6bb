package dev.pantry.runtime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects the heap once a burst of large page writes is over. Such a write (a 30,000-link page, a project list)
 * leaves most of what it allocated in the old generation, where G1 reclaims it only in mixed collections, and those
 * run only when the next allocations fill the young generation: in the next burst, with a young generation at its
 * smallest, back-to-back pauses, and a heap G1 then grows by its own size. The benchmark's project list met the
 * 30,000-link pages' garbage that way and took the process from 360 to 590 MB; collected in between, the live set
 * was 37 MB. One full collection after the writes (25 ms there) leaves the next burst a clean, small heap.
 *
 * <p>Writes that end within {@link #QUIET_MILLIS} of each other share one collection, and collections are at least
 * {@link #MIN_INTERVAL_MILLIS} apart, so a stream of large pages costs at most one pause in that interval.
 * Thread-safe.
 */
final class BurstCollection {
  /** How long after the last large write the collection runs. */
  static final long QUIET_MILLIS = 1_000;
  /** The least time between two collections. */
  static final long MIN_INTERVAL_MILLIS = 10_000;

  private final Runnable collect;
  private final ScheduledExecutorService timer;
  private final LongSupplier millis;
  private @Nullable ScheduledFuture<?> pending;
  private long lastRun = Long.MIN_VALUE / 2;

  /**
   * @param collect what collects the heap ({@code System::gc})
   * @param timer   runs the collection
   * @param millis  the time in milliseconds, for the intervals
   */
  BurstCollection(Runnable collect, ScheduledExecutorService timer, LongSupplier millis) {
    this.collect = collect;
    this.timer = timer;
    this.millis = millis;
  }

  /** A large write is done: the collection is (re)scheduled for when the burst is over. */
  synchronized void largeWriteDone() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = timer.schedule(this::run, delay(millis.getAsLong(), lastRun), TimeUnit.MILLISECONDS);
  }

  /**
   * How long from {@code now} the collection waits: {@link #QUIET_MILLIS}, or longer when the last collection, at
   * {@code lastRun}, was less than {@link #MIN_INTERVAL_MILLIS} before.
   */
  static long delay(long now, long lastRun) {
    return Math.max(QUIET_MILLIS, lastRun + MIN_INTERVAL_MILLIS - now);
  }

  private void run() {
    synchronized (this) {
      pending = null;
      lastRun = millis.getAsLong();
    }
    collect.run();
  }
}
