package dev.pantry.metadata;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps hit counts and access times off the hot path: a hit only bumps in-memory counters, and a background thread
 * writes them to the index in one batch every few seconds (and once more on close). A batch is taken away from the
 * counters only after it was written, so a failed write is retried with everything it held.
 */
public final class AccessRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessRecorder.class);

  private final MetadataStore meta;
  private final Clock clock;
  private final ConcurrentHashMap<FileKey, Counter> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  /** Mutated only inside {@link ConcurrentHashMap#compute}, which holds the key's lock. */
  private static final class Counter {
    long hits;
    long bytes;
    long lastAccess;
  }

  public AccessRecorder(MetadataStore meta, Clock clock, long flushMillis) {
    this.meta = meta;
    this.clock = clock;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pantry-access-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /** Counts one served file, accessed now; never touches the database. */
  public void hit(FileKey key, long bytes) {
    hit(key, bytes, clock.millis());
  }

  /**
   * Counts one served file accessed at {@code now} (epoch millis): a download counts from when it was asked for, not
   * from whenever its last byte left, so the order of requests is the order of access.
   */
  public void hit(FileKey key, long bytes, long now) {
    pending.compute(key, (k, c) -> {
      Counter counter = c == null ? new Counter() : c;
      counter.hits++;
      counter.bytes += bytes;
      counter.lastAccess = Math.max(counter.lastAccess, now);
      return counter;
    });
  }

  /**
   * Writes everything counted so far; returns how many rows it touched. Synchronized: two flushes at once would
   * write the same counts twice.
   *
   * @throws dev.pantry.error.StorageException when the write failed; the counts stay for the next flush
   */
  public synchronized int flush() {
    List<MetadataStore.Access> batch = new ArrayList<>();
    for (Map.Entry<FileKey, Counter> e : pending.entrySet()) {
      long[] seen = new long[3];
      pending.computeIfPresent(e.getKey(), (k, c) -> {
        seen[0] = c.hits;
        seen[1] = c.bytes;
        seen[2] = c.lastAccess;
        return c;
      });
      if (seen[0] > 0 || seen[1] > 0) {
        batch.add(new MetadataStore.Access(e.getKey(), seen[0], seen[2], seen[1]));
      }
    }
    meta.recordAccess(batch);
    for (MetadataStore.Access a : batch) {
      pending.computeIfPresent(a.key(), (k, c) -> {
        c.hits -= a.hits();
        c.bytes -= a.bytes();
        return c.hits == 0 && c.bytes == 0 ? null : c;
      });
    }
    return batch.size();
  }

  /** Hits counted but not yet written, for tests and metrics. */
  public long pendingHits() {
    long n = 0;
    for (Counter c : pending.values()) {
      n += c.hits;
    }
    return n;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("writing access statistics failed, will retry with the same counts: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    flushQuietly();
  }
}
