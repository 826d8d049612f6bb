package dev.pantry.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A blob that lives in a file on this machine. Blobs are renamed into place and never rewritten or truncated, so
 * mapping one is safe: an unlink leaves a mapping, and an open channel, whole.
 */
public interface LocalFile {

  /** Opens the file for reading. */
  FileChannel openChannel() throws IOException;

  /** The file relative to its store's root, with {@code /} separators: what a front proxy's location prefixes. */
  String relativePath();

  /** The file's absolute name, for {@code X-Sendfile}. */
  String absolutePath();
}
