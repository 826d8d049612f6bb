package dev.pantry.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** Un-caches rows in one transaction, then unlinks the blob if nothing names it. No in-use check: see the guard. */
public final class IndexBlobRemover implements BlobRemover {
  private final MetadataStore meta;
  private final BlobStore blobs;

  public IndexBlobRemover(MetadataStore meta, BlobStore blobs) {
    this.meta = meta;
    this.blobs = blobs;
  }

  @Override
  public Removal remove(String sha256, Collection<FileKey> rows) {
    MetadataStore.Uncached result = meta.uncache(sha256, rows);
    if (result.stillNamed() > 0) {
      return new Removal.Removed(result.rows(), 0, false);
    }
    Optional<Path> path = blobs.find(sha256);
    try {
      long size = path.isPresent() ? sizeOf(path.get()) : 0;
      // Unlink, never truncate: a reader that already opened (or mapped) the file keeps its bytes (POSIX).
      boolean deleted = blobs.delete(sha256);
      return new Removal.Removed(result.rows(), deleted ? size : 0, deleted);
    } catch (IOException e) {
      throw new StorageException("cannot delete blob " + sha256 + ": " + e.getMessage(), e);
    }
  }

  private static long sizeOf(Path p) throws IOException {
    try {
      return Files.size(p);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}
