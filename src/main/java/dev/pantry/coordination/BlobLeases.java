package dev.pantry.coordination;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Which blobs this process is using right now (being served, or just written by a download whose client still
 * reads), so nothing removes one mid-use. A removal runs under the same monitor as {@link #acquire}: a blob is either
 * leased before it is removed, or found gone by whoever leases it after. Thread-safe.
 */
public final class BlobLeases {
  private final Map<String, Integer> counts = new HashMap<>();

  /** Holds a blob in use until closed; closing twice releases once. */
  public final class Lease implements AutoCloseable {
    private final String sha256;
    private boolean released;

    private Lease(String sha256) {
      this.sha256 = sha256;
    }

    @Override
    public void close() {
      synchronized (BlobLeases.this) {
        if (!released) {
          released = true;
          counts.computeIfPresent(sha256, (k, n) -> n == 1 ? null : n - 1);
        }
      }
    }
  }

  /**
   * Marks a blob in use; waits while a removal of it runs. The caller checks afterwards that the blob still exists: it
   * may have gone just before.
   */
  public synchronized Lease acquire(String sha256) {
    counts.merge(sha256, 1, Integer::sum);
    return new Lease(sha256);
  }

  public synchronized boolean inUse(String sha256) {
    return counts.containsKey(sha256);
  }

  /**
   * Runs {@code removal} only when nothing holds the blob, with new leases held off meanwhile; empty when the blob was
   * in use and nothing ran.
   */
  public synchronized <T> Optional<T> removeIfUnused(String sha256, Callable<T> removal) throws Exception {
    if (counts.containsKey(sha256)) {
      return Optional.empty();
    }
    return Optional.of(removal.call());
  }

  /** How many blobs are in use. */
  public synchronized int size() {
    return counts.size();
  }
}
