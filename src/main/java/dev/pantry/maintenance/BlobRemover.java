package dev.pantry.maintenance;

import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.error.StorageException;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one way a cached blob leaves the cache: prune, eviction, {@code verify --repair}, the UI's removal and a blob
 * found rotten all go through {@link #remove}. Rows first, then the blob: the rows are un-cached in one transaction
 * (only those still cached as this blob), and the blob is deleted only when no row names it any more, so a
 * concurrent reader either finds the row cached and the blob present, or finds a miss and downloads again. Every
 * process is then told to forget the blob.
 *
 * <p>A blob a client is reading, or that a download in progress may be writing, is left alone: the removal runs under
 * the coordinator's lease gate, so no response can start on a blob that is going, and requests that arrive meanwhile
 * wait for it and then find a miss.
 */
public final class BlobRemover {
  private final MetadataStore meta;
  private final BlobStore blobs;
  private final Coordinator coordinator;

  /** What a removal did. */
  public sealed interface Removal {
    /**
     * Done.
     *
     * @param rows        index rows un-cached
     * @param bytesFreed  size of the deleted blob, 0 when it was kept (still named elsewhere) or already gone
     * @param blobDeleted whether the blob was deleted
     */
    record Removed(int rows, long bytesFreed, boolean blobDeleted) implements Removal {}

    /** Skipped: a client is reading or downloading the blob or one of its files. Nothing changed. */
    record InUse() implements Removal {}
  }

  public BlobRemover(MetadataStore meta, BlobStore blobs, Coordinator coordinator) {
    this.meta = meta;
    this.blobs = blobs;
    this.coordinator = coordinator;
  }

  /**
   * Removes blob {@code sha256}: un-caches {@code rows} (only those still cached as {@code sha256}) and deletes the
   * blob when no other row still has it cached. With no rows, deletes the blob only when no row has it cached (an
   * orphan).
   */
  public Removal remove(String sha256, Collection<FileKey> rows) {
    if (downloading(sha256)) {
      return new Removal.InUse();
    }
    try {
      Optional<Removal> done = coordinator.leases().removeIfUnused(sha256, () -> removeNow(sha256, rows));
      return done.orElseGet(Removal.InUse::new);
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException("cannot remove blob " + sha256 + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a client is reading {@code sha256}, or a download of a file that names it is under way. Verify asks before
   * calling a blob an orphan: a download stores its blob a moment before its row.
   */
  public boolean inUse(String sha256) {
    return coordinator.leases().inUse(sha256) || downloading(sha256);
  }

  private boolean downloading(String sha256) {
    List<FileKey> naming = meta.filesNaming(sha256);
    for (FileKey k : naming) {
      if (coordinator.inFlight(k.flightKey())) {
        return true;
      }
    }
    return false;
  }

  private Removal removeNow(String sha256, Collection<FileKey> rows) {
    MetadataStore.Uncached result = meta.uncache(sha256, rows);
    if (result.stillNamed() > 0) {
      return new Removal.Removed(result.rows(), 0, false);
    }
    long size = blobs.find(sha256).map(Blob::size).orElse(0L);
    // Delete, never truncate: a reader that already opened (or mapped) the file keeps its bytes (POSIX).
    boolean deleted = blobs.delete(sha256);
    coordinator.publish(new Invalidation.Blob(sha256));
    return new Removal.Removed(result.rows(), deleted ? size : 0, deleted);
  }
}
