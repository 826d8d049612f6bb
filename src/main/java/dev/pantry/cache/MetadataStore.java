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
