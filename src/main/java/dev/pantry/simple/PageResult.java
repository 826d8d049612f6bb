package dev.pantry.simple;

import dev.pantry.error.Problem;
import org.jspecify.annotations.Nullable;

/** What asking for an index page came to. */
public sealed interface PageResult {

  /**
   * A page to serve, with how the cache produced it.
   *
   * @param staleReason for a STALE page, why the upstream was not used (for {@code X-Pantry-Stale}); else null
   */
  record Served(StoredPage page, CacheStatus status, @Nullable String staleReason) implements PageResult {
    public Served(StoredPage page, CacheStatus status) {
      this(page, status, status == CacheStatus.STALE ? "upstream unavailable" : null);
    }
  }

  /** No upstream knows the project. */
  record Missing() implements PageResult {}

  /** The upstream failed and no cached copy exists (or only one older than max-stale allows). */
  record Failed(Problem problem) implements PageResult {}

  /** How a served page was produced; sent to clients as {@code X-Pantry-Cache}. */
  enum CacheStatus {
    /** Fresh in the cache; the upstream was not asked. */
    HIT,
    /** Fetched from the upstream just now. */
    MISS,
    /** The upstream confirmed the cached copy (304). */
    REVALIDATED,
    /** The upstream failed, its circuit is open, or the mirror is offline; the last good copy was served. */
    STALE
  }
}
