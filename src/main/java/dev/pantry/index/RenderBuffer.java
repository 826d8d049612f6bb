package dev.pantry.index;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rendering is written: fixed-size chunks, kept as they are ({@link #toRendering}) or joined into one exact
 * array at the end. A growing array (a {@code StringBuilder}, a {@code ByteArrayOutputStream}) doubles and copies on
 * the way and once more at the end: for a 35 MB project list that was three copies alive at once, each one a
 * humongous object the collector grows the heap for. Chunks stay under the size the collector treats as humongous,
 * but for a large rendering kept in its chunks ({@link #kept}), whose chunks are {@linkplain HeapRegions one region
 * each}. Not thread-safe.
 */
public final class RenderBuffer extends OutputStream {
  /** Half of G1's smallest region: never a humongous allocation. The chunk size of all but large renderings. */
  static final int CHUNK = 256 * 1024;

  private static final byte[] SPENT = new byte[0];

  private final List<byte[]> full = new ArrayList<>();
  private final int chunk;
  private long fullBytes;
  private byte[] current;
  private int pos;

  /**
   * A buffer in chunks of {@link #CHUNK}, for a rendering that is {@linkplain #toByteArray joined} when done.
   *
   * @param sizeHint the expected size: the first chunk is that large, up to {@link #CHUNK}
   */
  public RenderBuffer(long sizeHint) {
    this(sizeHint, CHUNK);
  }

  private RenderBuffer(long sizeHint, int chunk) {
    this.chunk = chunk;
    current = new byte[(int) Math.max(256, Math.min(chunk, sizeHint))];
  }

  /**
   * A buffer for a rendering kept {@linkplain #toRendering in its chunks}, as long as its page is: a large one gets
   * {@linkplain HeapRegions region-sized chunks}, which the collector never copies. A rendering that is joined at the
   * end gains nothing from them: each would be one more humongous allocation.
   *
   * @param sizeHint the expected size, which picks the chunk size
   */
  public static RenderBuffer kept(long sizeHint) {
    return new RenderBuffer(sizeHint, HeapRegions.chunkFor(sizeHint, CHUNK));
  }

  @Override
  public void write(int b) {
    if (pos == current.length) {
      next();
    }
    current[pos++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (pos == current.length) {
        next();
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(b, off, current, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Moves the text built so far into the buffer, as UTF-8 (an unpaired surrogate as {@code ?}, as the JDK encodes it),
   * and empties the builder for the next part. Encoded in place: going through a String and its bytes made two
   * garbage copies of every page, 70 MB for a 740,000-project list.
   */
  void take(StringBuilder text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (pos == current.length) {
        next();
      }
      int end = Math.min(n, i + current.length - pos);
      byte[] out = current;
      int at = pos;
      char c = 0;
      while (i < end && (c = text.charAt(i)) < 0x80) {
        out[at++] = (byte) c;
        i++;
      }
      pos = at;
      if (i < end) {
        i = encode(text, i, c);
      }
    }
    text.setLength(0);
  }

  /** Writes the code point that starts at {@code i} with {@code c}, a non-ASCII char; returns the index after it. */
  private int encode(CharSequence text, int i, char c) {
    if (c < 0x800) {
      write(0xC0 | (c >> 6));
      write(0x80 | (c & 0x3F));
      return i + 1;
    }
    if (!Character.isSurrogate(c)) {
      write(0xE0 | (c >> 12));
      write(0x80 | ((c >> 6) & 0x3F));
      write(0x80 | (c & 0x3F));
      return i + 1;
    }
    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, text.charAt(i + 1));
      write(0xF0 | (cp >> 18));
      write(0x80 | ((cp >> 12) & 0x3F));
      write(0x80 | ((cp >> 6) & 0x3F));
      write(0x80 | (cp & 0x3F));
      return i + 2;
    }
    write('?');
    return i + 1;
  }

  /**
   * Everything written, in one array of exactly its size. Each chunk is let go once copied, so a large page is not
   * held twice while it is joined; the buffer is spent afterwards.
   */
  byte[] toByteArray() {
    long size = fullBytes + pos;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("rendering too large: " + size + " bytes");
    }
    byte[] out = new byte[(int) size];
    int at = 0;
    for (int i = 0; i < full.size(); i++) {
      byte[] chunk = full.set(i, SPENT);
      System.arraycopy(chunk, 0, out, at, chunk.length);
      at += chunk.length;
    }
    System.arraycopy(current, 0, out, at, pos);
    full.clear();
    fullBytes = 0;
    current = SPENT;
    pos = 0;
    return out;
  }

  /**
   * Everything written, as the chunks it was written in: no copy, but of the last chunk's bytes when it is not full.
   * The buffer is spent afterwards.
   */
  public Rendering toRendering() {
    // The last chunk is cut to what it holds: a page held in memory is weighed by its bytes, and a small compressed
    // page in a quarter-megabyte chunk would weigh a twentieth of what it takes.
    Rendering out = Rendering.of(full, pos == current.length ? current : Arrays.copyOf(current, pos), pos);
    full.clear();
    fullBytes = 0;
    current = SPENT;
    pos = 0;
    return out;
  }

  private void next() {
    if (current.length < chunk) {
      // The hint was short: the first chunk doubles, up to a full one, before any is set aside.
      byte[] grown = new byte[(int) Math.min(chunk, 2L * current.length)];
      System.arraycopy(current, 0, grown, 0, pos);
      current = grown;
      return;
    }
    full.add(current);
    fullBytes += current.length;
    current = new byte[chunk];
    pos = 0;
  }
}
