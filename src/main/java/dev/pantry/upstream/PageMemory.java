package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of index pages the mirror holds at once, across every request: buffered from upstreams, then parsed and
 * rendered. Hostile or merely huge pages (or a gzip bomb, counted as it decodes) beyond it are refused with a 503
 * rather than an {@code OutOfMemoryError} that would fail every request. A page being read alone may exceed it (it is
 * bounded by {@code max-page-size} anyway), so one page can always be read; parsing one is refused outright when its
 * work alone exceeds the budget ({@link #fits}). Thread-safe.
 */
public final class PageMemory {
  private final long budget;
  private final AtomicLong used = new AtomicLong();

  /** @param budget bytes held at most, e.g. a third of the heap */
  public PageMemory(long budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("the page memory budget must be positive");
    }
    this.budget = budget;
  }

  /** Takes {@code bytes} when they fit (or nothing else is held); true when taken, to be given back. */
  public boolean tryTake(long bytes) {
    return tryTake(bytes, 0);
  }

  /**
   * Takes {@code bytes} more for a page that holds {@code mine} already: granted when they fit, or when no other page
   * holds anything (so one page alone always gets through).
   */
  public boolean tryTake(long bytes, long mine) {
    while (true) {
      long now = used.get();
      if (now - mine > 0 && now + bytes > budget) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Whether {@code bytes} could ever be held: no more than the whole budget. */
  public boolean fits(long bytes) {
    return bytes <= budget;
  }

  public void give(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes held now. */
  public long used() {
    return used.get();
  }

  /**
   * The answer for a page whose parsing alone would need more than the whole budget: the mirror's limit, and no
   * retry helps; the operator can raise {@code memory.page-buffers} (and the heap).
   */
  public Problem tooLarge(long pageBytes, long work) {
    return Problem.of(Problem.Kind.TOO_LARGE, "the upstream page is " + (pageBytes >> 20) + " MB; parsing it needs "
        + "about " + (work >> 20) + " MB, more than memory.page-buffers (" + (budget >> 20) + " MB) allows");
  }

  /** The answer when a page does not fit: the mirror's limit, not the upstream's fault. */
  public Problem busy() {
    return Problem.of(Problem.Kind.UNAVAILABLE, "the mirror is at its limit of " + (budget >> 20)
        + " MB for index pages being read (memory.page-buffers); retry shortly").retryAfter(5);
  }
}
