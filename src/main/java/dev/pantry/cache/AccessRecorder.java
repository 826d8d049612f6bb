package dev.pantry.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps hit counts and access times off the hot path: a hit only bumps in-memory counters, and a background thread
 * writes them to the index in one batch every few seconds (and once more on close).
 */
public final class AccessRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessRecorder.class);

  private final MetadataStore meta;
  private final ConcurrentHashMap<Key, Counter> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  private record Key(String upstreamId, String project, String filename) {}

  private static final class Counter {
    final AtomicLong hits = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    volatile long lastAccess;
  }

  public AccessRecorder(MetadataStore meta, long flushMillis) {
    this.meta = meta;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pantry-access-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /** Counts one served file; never touches the database. */
  public void hit(String upstreamId, String project, String filename, long bytes) {
    Counter c = pending.computeIfAbsent(new Key(upstreamId, project, filename), k -> new Counter());
    c.hits.incrementAndGet();
    c.bytes.addAndGet(bytes);
    c.lastAccess = System.currentTimeMillis();
  }

  /** Writes everything counted so far; returns how many rows it touched. */
  public int flush() {
    List<MetadataStore.Access> batch = new ArrayList<>();
    for (Key k : pending.keySet()) {
      Counter c = pending.remove(k);
      if (c != null) {
        batch.add(new MetadataStore.Access(k.upstreamId(), k.project(), k.filename(), c.hits.get(), c.lastAccess,
            c.bytes.get()));
      }
    }
    meta.recordAccess(batch);
    return batch.size();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("writing access statistics failed, will retry: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    flushQuietly();
  }
}
