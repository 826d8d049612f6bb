package dev.pantry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An upload written to a file on this machine as it arrives: the disk store's temp file, or the S3 store's spool.
 * Readers open the same file, so followers of a download read it as it grows; how the file is published is the
 * store's.
 */
abstract class FileUpload extends DigestingUpload {
  final Path part;
  final FileChannel channel;

  FileUpload(Path part, FileChannel channel) {
    this.part = part;
    this.channel = channel;
  }

  @Override
  final void keep(ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      channel.write(chunk);
    }
  }

  @Override
  public final UploadReader reader() throws IOException {
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
  final void discard() {
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
