package dev.pantry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The part of an upload every medium shares: the digest sees each chunk before the medium does, the verdict is taken
 * once, and an upload that is not committed is discarded.
 */
abstract class DigestingUpload implements BlobUpload {
  private final MessageDigest digest = Digests.sha256();
  private volatile long written;
  private boolean done;

  /** Keeps a chunk; may fail (disk full, bucket gone). */
  abstract void keep(ByteBuffer chunk) throws IOException;

  /** Makes the kept bytes durable and visible as {@code sha256}. */
  abstract Blob publish(String sha256, long size, @Nullable BlobName name) throws IOException;

  /** Drops whatever was kept. Never throws. */
  abstract void discard();

  @Override
  public final void write(ByteBuffer chunk) throws IOException {
    if (done) {
      throw new IllegalStateException("upload already ended");
    }
    ByteBuffer view = chunk.slice();
    int n = view.remaining();
    digest.update(view.duplicate());
    keep(view);
    written += n;
  }

  @Override
  public final long written() {
    return written;
  }

  @Override
  public final UploadResult commit(@Nullable String expectedSha256, @Nullable BlobName name) {
    if (done) {
      throw new IllegalStateException("upload already ended");
    }
    done = true;
    String actual = Digests.hex(digest.digest());
    long size = written;
    if (expectedSha256 != null && !expectedSha256.toLowerCase(Locale.ROOT).equals(actual)) {
      discard();
      return new UploadResult.Mismatch(expectedSha256.toLowerCase(Locale.ROOT), actual, size);
    }
    try {
      return new UploadResult.Stored(publish(actual, size, name));
    } catch (IOException | RuntimeException e) {
      discard();
      return new UploadResult.Unwritable(actual, size, e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage().lines().findFirst().orElse(""));
    }
  }

  @Override
  public final MessageDigest abandon() {
    if (!done) {
      done = true;
      discard();
    }
    return digest;
  }

  @Override
  public final void close() {
    if (!done) {
      done = true;
      discard();
    }
  }
}
