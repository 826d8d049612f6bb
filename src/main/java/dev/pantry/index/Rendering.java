package dev.pantry.index;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * A rendering's bytes, immutable, kept as the chunks they were written in. A large page is never joined into one
 * array: for a 740,000-project list, joining made a 36 MB and a 20 MB array beside their chunks, each one a humongous
 * allocation the collector grew the heap for, while the chunks it had already promoted lingered as garbage.
 */
public final class Rendering {
  private static final ByteBuffer[] NONE = {};
  private static final Rendering EMPTY = new Rendering(NONE, 0);

  /** Array-backed and writable, so their arrays can be written out; only read-only views leave this class. */
  private final ByteBuffer[] chunks;
  private final long length;

  private Rendering(ByteBuffer[] chunks, long length) {
    this.chunks = chunks;
    this.length = length;
  }

  /** The bytes of {@code bytes}, which the caller hands over: it must not change them. */
  public static Rendering of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** {@code len} bytes of {@code bytes} from {@code off}, which the caller hands over: it must not change them. */
  public static Rendering of(byte[] bytes, int off, int len) {
    return len == 0 ? EMPTY : new Rendering(new ByteBuffer[] {ByteBuffer.wrap(bytes, off, len).slice()}, len);
  }

  /** Full chunks, then the first {@code lastLength} bytes of {@code last}; all handed over. */
  static Rendering of(List<byte[]> full, byte[] last, int lastLength) {
    ByteBuffer[] out = new ByteBuffer[full.size() + (lastLength > 0 ? 1 : 0)];
    long total = 0;
    for (int i = 0; i < full.size(); i++) {
      out[i] = ByteBuffer.wrap(full.get(i));
      total += full.get(i).length;
    }
    if (lastLength > 0) {
      out[out.length - 1] = ByteBuffer.wrap(last, 0, lastLength).slice();
      total += lastLength;
    }
    return total == 0 ? EMPTY : new Rendering(out, total);
  }

  /** Its size in bytes. */
  public long length() {
    return length;
  }

  /** How many chunks it is kept in (none when it is empty). */
  public int chunkCount() {
    return chunks.length;
  }

  /** One chunk, as a read-only buffer of its own. */
  public ByteBuffer chunk(int index) {
    return chunks[index].asReadOnlyBuffer();
  }

  /** Writes every byte to {@code out}, chunk by chunk. */
  public void writeTo(OutputStream out) throws IOException {
    for (ByteBuffer c : chunks) {
      out.write(c.array(), c.arrayOffset() + c.position(), c.remaining());
    }
  }

  /** Feeds every byte to {@code digest}. */
  public void update(MessageDigest digest) {
    for (ByteBuffer c : chunks) {
      digest.update(c.array(), c.arrayOffset() + c.position(), c.remaining());
    }
  }

  /**
   * Every byte in one new array: for small renderings and for tests, never on a path that holds a large page.
   *
   * @throws IllegalStateException when it is too large for one array
   */
  public byte[] toByteArray() {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("rendering too large for one array: " + length + " bytes");
    }
    byte[] out = new byte[(int) length];
    int at = 0;
    for (ByteBuffer c : chunks) {
      c.duplicate().get(out, at, c.remaining());
      at += c.remaining();
    }
    return out;
  }

  @Override
  public String toString() {
    return "Rendering[" + length + " bytes in " + chunks.length + " chunks]";
  }
}
