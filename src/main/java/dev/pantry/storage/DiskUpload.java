package dev.pantry.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** An upload into a temp file of a {@link DiskBlobStore}; readers open the same file, which survives its rename. */
final class DiskUpload extends FileUpload {
  private final DiskBlobStore store;

  DiskUpload(DiskBlobStore store, Path part, FileChannel channel) {
    super(part, channel);
    this.store = store;
  }

  @Override
  Blob publish(String sha256, long size, @Nullable BlobName name) throws IOException {
    channel.force(true);
    channel.close();
    return store.publish(part, sha256, size, name);
  }
}
