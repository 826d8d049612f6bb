package dev.pantry.cache;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which blobs are in use right now (being served, or just written by a download whose client is still reading), so
 * eviction never removes one mid-use. Counts per sha256; {@link #removeIfUnused} runs under the same lock as
 * {@link #acquire}, so a blob is either leased before it is deleted, or found gone by the one who leases it.
 * Thread-safe.
 */
public final class BlobLeases {
  private final Map<String, Integer> counts = new HashMap<>();

  /** Something to do to a blob while no lease can start. */
  @FunctionalInterface
  public interface Removal {
    void run() throws IOException;
  }

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
        if (released) {
          return;
        }
        released = true;
        counts.computeIfPresent(sha256, (k, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** Marks a blob in use. The caller checks afterwards that the blob still exists: it may have gone just before. */
  public synchronized Lease acquire(String sha256) {
    counts.merge(sha256, 1, Integer::sum);
    return new Lease(sha256);
  }

  public synchronized boolean inUse(String sha256) {
    return counts.containsKey(sha256);
  }

  /** Runs {@code removal} only when nobody holds the blob, with new leases held off meanwhile; true when it ran. */
  public synchronized boolean removeIfUnused(String sha256, Removal removal) throws IOException {
    if (counts.containsKey(sha256)) {
      return false;
    }
    removal.run();
    return true;
  }

  /** How many blobs are in use, for tests and stats. */
  public synchronized int size() {
    return counts.size();
  }
}
