package dev.pantry.metadata;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process-local cache of the rows of cached files, so a cache hit costs no database query. A cache, not a copy:
 * every write through this store drops the rows it may change, and writes elsewhere (another replica, the command
 * line) reach it as invalidations through the coordination seam ({@link #dropProject}, {@link #dropBlob},
 * {@link #dropAll}). A reader that raced a write drops what it just kept, so nothing older than the last write is
 * served.
 *
 * <p>Hit counts and access times in a kept row may lag: they are statistics, written behind the hot path anyway.
 */
public final class CachedRows implements MetadataStore {
  private final MetadataStore inner;
  private final int maxRows;
  private final ConcurrentHashMap<FileKey, FileRecord> rows = new ConcurrentHashMap<>();
  /** Bumped by every write and invalidation, so a reader that raced one drops what it just kept. */
  private final AtomicLong generation = new AtomicLong();

  /** @param maxRows rows kept at most; past it the cache starts over (cheap, and rare: one row per cached file) */
  public CachedRows(MetadataStore inner, int maxRows) {
    this.inner = inner;
    this.maxRows = maxRows;
  }

  /** The kept row, without a database query; empty when it is not kept (the caller asks {@link #findFile}). */
  public Optional<FileRecord> peek(FileKey key) {
    return Optional.ofNullable(rows.get(key));
  }

  @Override
  public Optional<FileRecord> findFile(FileKey key) {
    FileRecord kept = rows.get(key);
    if (kept != null) {
      return Optional.of(kept);
    }
    long seen = generation.get();
    Optional<FileRecord> row = inner.findFile(key);
    if (row.isPresent() && row.get().cached()) {
      if (rows.size() >= maxRows) {
        rows.clear();
      }
      rows.put(key, row.get());
      if (generation.get() != seen) {
        rows.remove(key, row.get());
      }
    }
    return row;
  }

  /** Forgets every kept row of one project of one upstream. */
  public void dropProject(String upstreamId, String project) {
    generation.incrementAndGet();
    rows.keySet().removeIf(k -> k.upstreamId().equals(upstreamId) && k.project().equals(project));
  }

  /** Forgets every kept row of one project, on every upstream. */
  public void dropName(String project) {
    generation.incrementAndGet();
    rows.keySet().removeIf(k -> k.project().equals(project));
  }

  /** Forgets every kept row that lists or caches {@code sha256}. */
  public void dropBlob(String sha256) {
    generation.incrementAndGet();
    rows.values().removeIf(r -> sha256.equals(r.cachedSha256()) || sha256.equals(r.sha256()));
  }

  /** Forgets everything (an invalidation may have been missed). */
  public void dropAll() {
    generation.incrementAndGet();
    rows.clear();
  }

  /** How many rows are kept, for tests and metrics. */
  public int size() {
    return rows.size();
  }

  @Override
  public void upsertListing(String upstreamId, String project, Collection<FileRecord> files) {
    inner.upsertListing(upstreamId, project, files);
    dropProject(upstreamId, project);
  }

  /**
   * Marks the row cached and keeps it: the file just stored is the one most likely asked for next, and a kept row
   * keeps it servable while the database is down.
   */
  @Override
  public boolean markCached(FileKey key, String sha256, long size, long now) {
    boolean changed = inner.markCached(key, sha256, size, now);
    generation.incrementAndGet();
    rows.remove(key);
    findFile(key);
    return changed;
  }

  @Override
  public boolean restore(FileKey key, String url, String sha256, long size, long cachedAt) {
    boolean changed = inner.restore(key, url, sha256, size, cachedAt);
    generation.incrementAndGet();
    rows.remove(key);
    return changed;
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
  public List<FileRecord> filesOf(String upstreamId, String project) {
    return inner.filesOf(upstreamId, project);
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
  public void forgetPage(String upstreamId, String project) {
    inner.forgetPage(upstreamId, project);
  }

  @Override
  public List<String> bundleDigests() {
    return inner.bundleDigests();
  }

  @Override
  public void recordAccess(Collection<Access> batch) {
    inner.recordAccess(batch);
  }

  @Override
  public void close() {
    rows.clear();
    inner.close();
  }
}
