package dev.pantry.files;

import dev.pantry.coordination.BlobLeases;
import dev.pantry.error.Problem;
import dev.pantry.metadata.FileRecord;
import dev.pantry.storage.Blob;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** What a request for a file came to; {@link FileHandler} renders it and decides nothing. */
public sealed interface FileOutcome {

  /**
   * Serve {@code blob} from the store. The lease keeps it from being removed until the response is done; the renderer
   * closes it.
   *
   * @param memory      the blob's verified bytes when they are held in memory, else null (send from the store)
   * @param lease       null for bytes held in memory, which no removal can touch
   * @param cacheStatus {@code HIT}, or {@code MISS} for a file this request just caused to be stored
   */
  record Serve(FileRecord row, Blob blob, @Nullable ByteBuffer memory, BlobLeases.@Nullable Lease lease,
      String cacheStatus)
      implements FileOutcome {}

  /** The download streamed the whole verified file to the client already; complete the response. */
  record Streamed() implements FileOutcome {}

  /**
   * A HEAD answered without serving the blob: a file verified but not stored (the store refused it), or one not cached
   * yet, answered from its listing while it downloads behind. The headers are the whole answer.
   */
  record Headers(long size, String sha256) implements FileOutcome {}

  /** Bytes already went out and then the download failed: the only honest signal left is an aborted response. */
  record Aborted(Problem problem) implements FileOutcome {}

  /** Nothing was sent: answer with the problem's status. */
  record Refused(Problem problem) implements FileOutcome {}
}
