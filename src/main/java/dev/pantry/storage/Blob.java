package dev.pantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored blob: complete, verified against its name (its sha256), and immutable. A handle stays readable after the
 * blob is removed from its store where the store allows it (POSIX unlink on disk), so a response that started keeps
 * its bytes.
 */
public interface Blob {

  /** The blob's name: the lowercase hex sha256 of its bytes. */
  String sha256();

  /** Its size in bytes. */
  long size();

  /** When it was stored; the {@code Last-Modified} of a response. */
  Instant storedAt();

  /**
   * Reads {@code length} bytes from {@code offset}. The caller closes the stream.
   *
   * @throws IOException when the store cannot be read (gone, unreachable); never a short read without an error
   */
  InputStream open(long offset, long length) throws IOException;

  /** The whole blob. */
  default InputStream open() throws IOException {
    return open(0, size());
  }

  /** The blob as a file on this machine, when the store keeps one: for zero-copy sends and front-proxy offload. */
  Optional<LocalFile> local();
}
