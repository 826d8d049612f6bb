package dev.pantry.cache;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The metadata index: which files pages listed, which are cached, and page freshness. H2 today, PostgreSQL later; the
 * SQL behind it is kept to what both accept.
 *
 * <p>The index is rebuildable: blobs on disk are the truth, and a row that names a missing blob is dropped on
 * reconcile.
 */
public interface MetadataStore extends AutoCloseable {

  /** Records (inserts or updates) the files a page listed; cached state and statistics of known rows are kept. */
  void upsertListing(Collection<FileRecord> files);

  Optional<FileRecord> findFile(String upstreamId, String project, String filename);

  /** Every row for one project of one upstream. */
  List<FileRecord> filesOf(String upstreamId, String project);

  /** Marks a file as stored in the blob store. */
  void markCached(String upstreamId, String project, String filename, String sha256, long size, long now);

  /** Marks a file as no longer stored. */
  void markUncached(String upstreamId, String project, String filename);

  Optional<PageRecord> findPage(String upstreamId, String project);

  void savePage(PageRecord page);

  /** Records that the upstream confirmed a page unchanged. */
  void touchPage(String upstreamId, String project, long fetchedAt);

  /** Applies access statistics gathered off the hot path. */
  void recordAccess(Collection<Access> batch);

  /** Every cached row, for reconciling against the disk. */
  List<FileRecord> cachedFiles();

  /** Drops rows that name blobs missing on disk; returns how many. */
  int forgetBlob(String sha256);

  /** Rows whose cached blob is {@code sha256}. */
  List<FileRecord> cachedAs(String sha256);

  /**
   * Every row that lists {@code sha256} or has it cached: a request for any of them may read or write that blob.
   */
  List<FileKey> filesNaming(String sha256);

  /**
   * In one transaction, un-caches each of {@code rows} that is still cached as {@code sha256} (a row re-cached with
   * other bytes meanwhile is left alone), then counts the rows that still have {@code sha256} cached.
   */
  Uncached uncache(String sha256, Collection<FileKey> rows);

  /**
   * Outcome of {@link #uncache}.
   *
   * @param rows       rows un-cached
   * @param stillNamed rows that still have the blob cached; the blob may be deleted only when this is 0
   */
  record Uncached(int rows, long stillNamed) {}

  /**
   * Re-indexes a blob found on disk without a row (a crash between the rename and the row update): every uncached
   * row that lists {@code sha256} as its expected hash becomes cached by it. Returns how many rows; 0 means no page
   * lists it and the blob is garbage.
   */
  int reindexBlob(String sha256, long size, long now);

  /**
   * Accumulated hits of one file since the last flush.
   *
   * @param lastAccess epoch millis of the latest hit
   */
  record Access(String upstreamId, String project, String filename, long hits, long lastAccess, long bytes) {}

  @Override
  void close();
}
