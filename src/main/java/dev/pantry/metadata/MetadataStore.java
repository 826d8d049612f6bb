package dev.pantry.metadata;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The metadata index: which files pages listed, which are cached as which blob, and page freshness.
 *
 * <p>Contract: every method is thread-safe and atomic (one transaction); failures of the database are {@link
 * dev.pantry.error.StorageException}s. The index is rebuildable from the blob store's records, so it is never the
 * only copy of anything that matters.
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * Records the files one page of one upstream listed, replacing what that page listed before. Files that have a row
   * (they were asked for) get their listing columns updated; cached state and statistics are kept. The others get no
   * row yet: {@link #findFile} makes it when one is first asked for. Rows the page no longer lists stay (they may
   * still be cached). A name listed twice counts once, as first listed.
   */
  void upsertListing(String upstreamId, String project, Collection<FileRecord> files);

  /**
   * The file's row; when it has none but its page's recorded listing names it, the row is made from that listing
   * first. Empty when neither knows the file.
   */
  Optional<FileRecord> findFile(FileKey key);

  /** Every row for one project of one upstream, by filename: the files that were asked for, not every listed one. */
  List<FileRecord> filesOf(String upstreamId, String project);

  /**
   * Marks a listed file as stored as blob {@code sha256}, making its row from the recorded listing when it has none;
   * false when neither knows the file.
   */
  boolean markCached(FileKey key, String sha256, long size, long now);

  /**
   * Re-creates a row from a blob's record when the index lost it (from the recorded listing where it names the file,
   * else as listed with that hash), and marks it cached by the blob unless it is cached already or the listing names
   * other bytes. Returns true when the row changed.
   */
  boolean restore(FileKey key, String url, String sha256, long size, long cachedAt);

  /** Un-caches every row cached as {@code sha256} (its blob is gone); returns how many. */
  int forgetBlob(String sha256);

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

  /** Every cached row. */
  List<FileRecord> cachedFiles();

  /** Rows whose cached blob is {@code sha256}. */
  List<FileRecord> cachedAs(String sha256);

  /**
   * Every row that lists {@code sha256} or has it cached: a request for any of them may read or write that blob. A
   * file only a recorded listing names has no row, and nothing of it is cached or being fetched: it is not counted.
   */
  List<FileKey> filesNaming(String sha256);

  Optional<PageRecord> findPage(String upstreamId, String project);

  /** Inserts or replaces a page's row. */
  void savePage(PageRecord page);

  /** Records that the upstream confirmed a page unchanged at {@code fetchedAt} (0 makes it stale). */
  void touchPage(String upstreamId, String project, long fetchedAt);

  /**
   * Forgets a page's bundle and validators, so the next request fetches it whole and renders it again. The row stays,
   * without a bundle, keeping its fetch time: the reconcile re-indexes an unnamed bundle only when it is newer than
   * what its page's row last held, so the forgotten bundle is collected rather than taken back.
   */
  void forgetPage(String upstreamId, String project);

  /** Every stored page's bundle digest: what the renderings store must keep. */
  List<String> bundleDigests();

  /** Applies access statistics gathered off the hot path. */
  void recordAccess(Collection<Access> batch);

  /**
   * Accumulated hits of one file since the last flush.
   *
   * @param lastAccess epoch millis of the latest hit
   */
  record Access(FileKey key, long hits, long lastAccess, long bytes) {}

  @Override
  void close();
}
