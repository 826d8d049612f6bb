package dev.pantry.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Reads an upstream body in chunks of what has arrived, so a slow upstream's bytes go out as they come. */
final class Chunks {
  static final int CHUNK = 64 * 1024;

  private final InputStream in;

  Chunks(InputStream in) {
    this.in = in;
  }

  /**
   * The next chunk, or null at the end.
   *
   * @throws UncheckedIOException when the upstream broke off (its message is one redacted line)
   */
  @Nullable ByteBuffer next() {
    byte[] buf = new byte[CHUNK];
    int filled = 0;
    try {
      while (filled < CHUNK) {
        int n = in.read(buf, filled, CHUNK - filled);
        if (n < 0) {
          break;
        }
        filled += n;
        if (filled > 0 && in.available() == 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return filled == 0 ? null : ByteBuffer.wrap(buf, 0, filled);
  }
}
