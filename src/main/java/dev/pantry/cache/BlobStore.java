package dev.pantry.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed artifact storage: a blob's name is its sha256, so a stored blob is verified by construction and
 * a request path can never name anything else. Disk today; an S3-compatible store later implements the same contract.
 *
 * <p>Contract: a blob becomes visible to {@link #find} only complete and verified, through {@link BlobWriter#commit};
 * partial writes live in a temp area that {@link #sweepTemp} clears at startup.
 */
public interface BlobStore {

  /** Starts a new blob in the temp area. The caller must {@code commit} or {@code close} it. */
  BlobWriter create() throws IOException;

  /** The stored blob with this sha256, if present. */
  Optional<Path> find(String sha256);

  /** Removes a blob; true when it existed. Readers that already opened it keep reading (POSIX unlink). */
  boolean delete(String sha256) throws IOException;

  /** Deletes leftovers of writes that never committed (a crash, a kill -9); returns how many were removed. */
  int sweepTemp() throws IOException;

  /** Every stored blob's sha256, for reconciling the index against the store. The caller closes the stream. */
  Stream<String> list() throws IOException;
}
