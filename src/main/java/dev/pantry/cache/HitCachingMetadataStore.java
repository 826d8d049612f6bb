package dev.pantry.cache;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the rows of cached files in memory so a cache hit costs no database query (bench/run.sh: the query was a
 * third of a cached wheel's cost). Only rows whose file is cached are kept; every write through this store drops the
 * rows it may change, so a reader never sees a row older than the last write. All of the server's writers must use
 * this instance; the command line reaches a running server through its admin endpoint, so it does.
 *
 * <p>Hit counts and access times in a kept row may lag: they are statistics, written behind the hot path anyway.
 */
public final class HitCachingMetadataStore implements MetadataStore {
  /** Bound on kept rows; past it the map starts over (cheap, and rare: one row per cached file). */
  static final int MAX_ROWS = 100_000;

  private final MetadataStore inner;
  private final ConcurrentHashMap<FileKey, FileRecord> rows = new ConcurrentHashMap<>();
  /** Bumped by every write, so a reader that raced one drops what it just kept. */
  private final AtomicLong generation = new AtomicLong();

  public HitCachingMetadataStore(MetadataStore inner) {
    this.inner = inner;
  }

  @Override
  public Optional<FileRecord> findFile(String upstreamId, String project, String filename) {
    FileKey key = new FileKey(upstreamId, project, filename);
    FileRecord kept = rows.get(key);
    if (kept != null) {
      return Optional.of(kept);
    }
    long seen = generation.get();
    Optional<FileRecord> row = inner.findFile(upstreamId, project, filename);
    if (row.isPresent() && row.get().cached()) {
      if (rows.size() >= MAX_ROWS) {
        rows.clear();
      }
      rows.put(key, row.get());
      if (generation.get() != seen) {
        rows.remove(key, row.get());
      }
    }
    return row;
  }

  @Override
  public void upsertListing(Collection<FileRecord> files) {
    inner.upsertListing(files);
    generation.incrementAndGet();
    files.forEach(f -> rows.remove(new FileKey(f.upstreamId(), f.project(), f.filename())));
  }

  @Override
  public void markCached(String upstreamId, String project, String filename, String sha256, long size, long now) {
    inner.markCached(upstreamId, project, filename, sha256, size, now);
    generation.incrementAndGet();
    rows.remove(new FileKey(upstreamId, project, filename));
  }

  @Override
  public void markUncached(String upstreamId, String project, String filename) {
    inner.markUncached(upstreamId, project, filename);
    generation.incrementAndGet();
    rows.remove(new FileKey(upstreamId, project, filename));
  }

  @Override
  public int forgetBlob(String sha256) {
    int n = inner.forgetBlob(sha256);
    dropBlob(sha256);
    return n;
  }

  @Override
  public Uncached uncache(String sha256, Collection<FileKey> keys) {
    Uncached result = inner.uncache(sha256, keys);
    dropBlob(sha256);
    keys.forEach(rows::remove);
    return result;
  }

  @Override
  public int reindexBlob(String sha256, long size, long now) {
    int n = inner.reindexBlob(sha256, size, now);
    dropBlob(sha256);
    return n;
  }

  private void dropBlob(String sha256) {
    generation.incrementAndGet();
    rows.values().removeIf(r -> sha256.equals(r.cachedSha256()) || sha256.equals(r.sha256()));
  }

  @Override
  public List<FileRecord> filesOf(String upstreamId, String project) {
    return inner.filesOf(upstreamId, project);
  }

  @Override
  public Optional<PageRecord> findPage(String upstreamId, String project) {
    return inner.findPage(upstreamId, project);
  }

  @Override
  public void savePage(PageRecord page) {
    inner.savePage(page);
  }

  @Override
  public void touchPage(String upstreamId, String project, long fetchedAt) {
    inner.touchPage(upstreamId, project, fetchedAt);
  }

  @Override
  public void recordAccess(Collection<Access> batch) {
    inner.recordAccess(batch);
  }

  @Override
  public List<FileRecord> cachedFiles() {
    return inner.cachedFiles();
  }

  @Override
  public List<FileRecord> cachedAs(String sha256) {
    return inner.cachedAs(sha256);
  }

  @Override
  public List<FileKey> filesNaming(String sha256) {
    return inner.filesNaming(sha256);
  }

  @Override
  public void close() {
    rows.clear();
    inner.close();
  }
}
