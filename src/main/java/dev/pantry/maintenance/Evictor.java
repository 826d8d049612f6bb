package dev.pantry.maintenance;

import dev.pantry.coordination.Coordinator;
import dev.pantry.metadata.AccessRecorder;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps cached files under the size cap: when their total crosses it, the least recently used go first, until the
 * total fits again. A leader-only job: one process at a time runs it, through the coordinator. Every removal goes
 * through the {@link BlobRemover}, rows first, so a blob in use (being served, or just downloaded and still
 * streaming) is never evicted; the next one in line goes instead.
 *
 * <p>Access times are written behind the hot path, so each run flushes the {@link AccessRecorder} first: a file read
 * a second ago must not look idle.
 */
public final class Evictor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);
  static final String JOB = "evict";

  private final LongSupplier maxSize;
  private final MetadataStore meta;
  private final BlobRemover remover;
  private final AccessRecorder access;
  private final Coordinator coordinator;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean pending = new AtomicBoolean();

  /** What one run found and did. */
  public record Report(long bytesBefore, long bytesAfter, int evicted, int skippedInUse) {}

  /** One cached blob as eviction sees it: rows sharing a sha256 share one blob. */
  private record Candidate(String sha256, long size, long lastUsed, List<FileKey> rows) {}

  /**
   * @param maxSize      the cap in bytes, read at each run (it can change live); 0 means no cap
   * @param periodMillis how often to check without being asked
   */
  public Evictor(LongSupplier maxSize, MetadataStore meta, BlobRemover remover, AccessRecorder access,
      Coordinator coordinator, long periodMillis) {
    this.maxSize = maxSize;
    this.meta = meta;
    this.remover = remover;
    this.access = access;
    this.coordinator = coordinator;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pantry-evictor");
      t.setDaemon(true);
      return t;
    });
    worker.scheduleWithFixedDelay(this::poke, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Asks for a run soon; calls while one is queued fold into it. Never blocks. */
  public void poke() {
    if (maxSize.getAsLong() > 0 && pending.compareAndSet(false, true)) {
      try {
        worker.execute(this::runQuietly);
      } catch (RejectedExecutionException e) {
        pending.set(false);
      }
    }
  }

  private void runQuietly() {
    pending.set(false);
    try {
      coordinator.runExclusive(JOB, this::runOnce);
    } catch (RuntimeException e) {
      LOG.warn("eviction run failed, will retry: {}", e.toString());
    }
  }

  /** Evicts until the cached files fit the cap; returns what it did. Synchronous, for tests and the worker. */
  public synchronized Report runOnce() {
    long cap = maxSize.getAsLong();
    access.flush();
    List<Candidate> all = candidates();
    long total = all.stream().mapToLong(Candidate::size).sum();
    if (cap <= 0 || total <= cap) {
      return new Report(total, total, 0, 0);
    }
    long before = total;
    int evicted = 0;
    int skipped = 0;
    for (Candidate c : all) {
      if (total <= cap) {
        break;
      }
      BlobRemover.Removal r = remover.remove(c.sha256(), c.rows());
      if (r instanceof BlobRemover.Removal.Removed removed) {
        total -= removed.blobDeleted() ? c.size() : 0;
        evicted++;
      } else {
        skipped++;
      }
    }
    if (total > cap) {
      LOG.warn("cache is {} bytes, over its cap of {}: the rest is in use, will retry", total, cap);
    }
    LOG.info("evicted {} least recently used file(s), {} bytes; cache now {} of {} bytes ({} in use skipped)",
        evicted, before - total, total, cap, skipped);
    return new Report(before, total, evicted, skipped);
  }

  /** Cached blobs, least recently used first. */
  private List<Candidate> candidates() {
    Map<String, Candidate> bySha = new HashMap<>();
    for (FileRecord f : meta.cachedFiles()) {
      String sha = f.cachedSha256();
      if (sha == null) {
        continue;
      }
      long size = f.cachedSize() == null ? 0 : f.cachedSize();
      long used = f.lastAccess() != null ? f.lastAccess() : f.cachedAt() != null ? f.cachedAt() : 0;
      bySha.merge(sha, new Candidate(sha, size, used, List.of(f.key())), (a, b) -> {
        List<FileKey> rows = new ArrayList<>(a.rows());
        rows.addAll(b.rows());
        return new Candidate(sha, Math.max(a.size(), b.size()), Math.max(a.lastUsed(), b.lastUsed()), rows);
      });
    }
    List<Candidate> out = new ArrayList<>(bySha.values());
    out.sort(Comparator.comparingLong(Candidate::lastUsed).thenComparing(Candidate::sha256));
    return out;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
