package dev.pantry.storage;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed storage: a blob's name is its sha256, so a stored blob is verified by construction and no request
 * can name anything else.
 *
 * <p>Contract, shared by every implementation (and checked by the same contract tests):
 *
 * <ul>
 *   <li>A blob becomes visible to {@link #find} only complete and verified, through {@link BlobUpload#commit}, and
 *       together with its {@link BlobRecord}. A reader never sees a partial or unverified blob, whatever point a
 *       crash interrupts.
 *   <li>Uploads in progress are invisible to {@link #find} and {@link #list}; {@link #sweep} removes this store's
 *       abandoned ones, never another process's upload in progress.
 *   <li>Names that are not 64 lowercase hex digits are never found and never written.
 *   <li>Every method is thread-safe. Failures of the medium are {@link dev.pantry.error.StorageException}s with a one-line message.
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

  /** The stored blob with this sha256, or empty. Costs one metadata read (a stat, a HEAD), no content read. */
  Optional<Blob> find(String sha256);

  /** Starts an upload. The caller commits or closes it. */
  BlobUpload begin() throws IOException;

  /** The record kept with a blob, or empty when the blob has none (stored before records existed) or is gone. */
  Optional<BlobRecord> record(String sha256);

  /**
   * Adds a name to a stored blob's record (another file cached as the same bytes), atomically; writes a record for a
   * blob that had none. False when the blob is gone.
   */
  boolean addName(String sha256, BlobName name);

  /**
   * Removes a blob and its record; true when it existed. Readers that already opened it keep reading where the medium
   * allows (POSIX unlink).
   */
  boolean delete(String sha256);

  /** Calls {@code each} with every stored blob's sha256. Safe while blobs come and go. */
  void forEach(Consumer<String> each) throws IOException;

  /** Removes what this store's abandoned uploads left (a crash, a kill -9); returns how many were removed. */
  int sweep() throws IOException;

  /** Whether the store takes writes now: null when it does, else a one-line reason (full, read-only, unreachable). */
  StoreHealth health();

  /** A short description for logs and {@code /readyz}, never with credentials. */
  String describe();

  @Override
  default void close() {}
}
