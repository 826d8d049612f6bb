package dev.pantry.index;

import dev.pantry.cache.PageStore.StoredPage;
import dev.pantry.error.Problem;

/** What asking for an index page came to. */
public sealed interface PageResult {

  /** A page to serve, with how the cache produced it. */
  record Served(StoredPage page, CacheStatus status) implements PageResult {}

  /** No upstream knows the project. */
  record Missing() implements PageResult {}

  /** The upstream failed and no cached copy exists. */
  record Failed(Problem problem) implements PageResult {}

  /** How a served page was produced; sent to clients as {@code X-Pantry-Cache}. */
  enum CacheStatus {
    /** Fresh in the cache; the upstream was not asked. */
    HIT,
    /** Fetched from the upstream just now. */
    MISS,
    /** The upstream confirmed the cached copy (304). */
    REVALIDATED,
    /** The upstream failed; the last good copy was served. */
    STALE
  }
}
