package dev.pantry.cache;

import java.util.Collection;

/**
 * The one way a cached blob leaves the cache (prune, verify {@code --repair}). Implementations un-cache the index
 * rows first and unlink the blob only when no row names it any more, so a concurrent reader either finds the row
 * cached and the blob present, or finds a miss and downloads again.
 *
 * <p>The running server wraps {@link IndexBlobRemover} in a guard that refuses while the blob, or any file that names
 * it, is being served or downloaded ({@code web.InFlightFiles}); the command line without a server uses
 * {@link IndexBlobRemover} alone, since nothing else can use the cache then.
 */
public interface BlobRemover {

  /**
   * Removes blob {@code sha256}: un-caches {@code rows} (only those still cached as {@code sha256}) and deletes the
   * blob if no other row still names it. With no rows, deletes the blob only if no row names it (an orphan).
   */
  Removal remove(String sha256, Collection<FileKey> rows);

  /**
   * Whether a client is reading or downloading {@code sha256} or a file that names it right now. Verify asks before
   * calling a blob an orphan: a download commits its blob a moment before its row.
   */
  default boolean inUse(String sha256) {
    return false;
  }

  /** What a removal did. */
  sealed interface Removal {
    /**
     * Done.
     *
     * @param rows        index rows un-cached
     * @param bytesFreed  size of the deleted blob, 0 when it was kept (still named elsewhere) or already gone
     * @param blobDeleted whether the blob file was deleted
     */
    record Removed(int rows, long bytesFreed, boolean blobDeleted) implements Removal {}

    /** Skipped: a client is reading or downloading the blob or one of its files. Nothing changed. */
    record InUse() implements Removal {}
  }
}
