package dev.pantry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * A blob being written: bytes are kept and hashed at once; {@link #commit} publishes them only when their sha256 is
 * the one expected. {@link #close} without a commit discards them. Not thread-safe for writing; {@link #reader}s may
 * read from other threads while bytes arrive.
 */
public interface BlobUpload extends AutoCloseable {

  /**
   * Appends the buffer's remaining bytes; its position is left unchanged. The digest takes the bytes before the
   * medium does, so after a failed write {@link #abandon} still holds a digest of every byte given. Nothing keeps the
   * buffer once this returns: a download reuses it for the next chunk.
   */
  void write(ByteBuffer chunk) throws IOException;

  /** Bytes written and readable through a {@link #reader} so far. */
  long written();

  /**
   * A reader of the bytes written so far, for followers of a shared download. Bytes below {@link #written()} at the
   * time of a read are readable; the reader stays valid after a commit.
   */
  UploadReader reader() throws IOException;

  /**
   * Verifies and publishes the blob with a record naming {@code name} (null for page renderings). The bytes are made
   * durable before they become visible, so a crash leaves no blob or a whole one.
   *
   * @param expectedSha256 the digest the bytes must have, or null to trust the computed one
   */
  UploadResult commit(@Nullable String expectedSha256, @Nullable BlobName name);

  /**
   * Gives up on keeping the bytes (the medium failed) and returns the digest of every byte written so far, so the
   * caller can go on hashing in memory and still verify the whole file.
   */
  MessageDigest abandon();

  /** Discards the upload unless it was committed. */
  @Override
  void close();
}
