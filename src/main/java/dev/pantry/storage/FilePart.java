package dev.pantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * One part of a spooled file, as the body of a part upload that the SDK can read again from its start on each
 * attempt. A stream handed to {@code RequestBody.fromInputStream} can be rewound only over the SDK's 128 KiB mark
 * buffer, so a retry of a 16 MiB part after a reset connection failed, and the whole upload with it. The SDK closes
 * the last stream; each new one closes the one before, as {@link ContentStreamProvider} asks.
 */
final class FilePart implements ContentStreamProvider {
  private final Path file;
  private final long offset;
  private @Nullable InputStream current;

  FilePart(Path file, long offset) {
    this.file = file;
    this.offset = offset;
  }

  @Override
  public synchronized InputStream newStream() {
    try {
      if (current != null) {
        current.close();
      }
      FileChannel channel = FileChannel.open(file);
      try {
        channel.position(offset);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      current = Channels.newInputStream(channel);
      return current;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spooled part at " + offset + ": " + e.getMessage(), e);
    }
  }
}
