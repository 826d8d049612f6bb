package dev.pantry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** An upload into a temp file of a {@link DiskBlobStore}; readers open the same file, which survives its rename. */
final class DiskUpload extends DigestingUpload {
  private final DiskBlobStore store;
  private final Path part;
  private final FileChannel channel;

  DiskUpload(DiskBlobStore store, Path part, FileChannel channel) {
    this.store = store;
    this.part = part;
    this.channel = channel;
  }

  @Override
  void keep(ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      channel.write(chunk);
    }
  }

  @Override
  public UploadReader reader() throws IOException {
    FileChannel ch = FileChannel.open(part, StandardOpenOption.READ);
    return new UploadReader() {
      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return ch.read(dst, position);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  @Override
  Blob publish(String sha256, long size, @Nullable BlobName name) throws IOException {
    channel.force(true);
    channel.close();
    return store.publish(part, sha256, size, name);
  }

  @Override
  void discard() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing after a failure: nothing more to learn.
    }
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      // The startup sweep removes it.
    }
  }
}
