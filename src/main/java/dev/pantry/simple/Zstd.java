package dev.pantry.simple;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.pantry.index.Rendering;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zstandard through zstd-jni, whose native library ships for the common platforms. Where it does not load, pages are
 * stored and served with gzip alone: a missing coding costs bytes on the wire, never an answer.
 */
final class Zstd {
  private static final Logger LOG = LoggerFactory.getLogger(Zstd.class);
  /**
   * Pages are compressed once and sent many times, so a page of ordinary size gets a high level. Past
   * {@link #LARGE}, level 9 buys nothing: the 30,000-link page's JSON (7.7 MiB) came to 17.4 % at level 9 and
   * 17.5 % at level 3, its HTML to 25.5 % at both, but level 9 took 342 ms instead of 69 and about 9 MB more native
   * memory, in the write behind a cold page, beside the next one. So large pages get the fast level.
   */
  private static final int LEVEL = 9;
  private static final int LARGE_LEVEL = 3;
  private static final int LARGE = 1 << 20;
  /** Room for a frame's header and the blocks of an input too small to compress. */
  private static final int SLACK = 1024;
  private static final boolean AVAILABLE = load();

  private Zstd() {}

  /** Whether pages get a zstd variant on this platform. */
  static boolean available() {
    return AVAILABLE;
  }

  /** The zstd frame of {@code plain}, stating its size, or null when the library is not available. */
  static byte @Nullable [] compress(Rendering plain) {
    if (!AVAILABLE) {
      return null;
    }
    // Streamed from the rendering's chunks, so a large page is never joined into one array to be compressed. The
    // library's one-shot call also wrote into a buffer of the worst-case size (a little more than the input) before
    // copying out: a second 36 MB array for the project list's HTML. Pages come to a quarter or less, so the output
    // starts at a third and grows only for a page that does not fit.
    try (ZstdCompressCtx ctx = new ZstdCompressCtx(); Sink sink = new Sink(ctx, plain.length())) {
      ctx.setLevel(plain.length() > LARGE ? LARGE_LEVEL : LEVEL);
      ctx.setPledgedSrcSize(plain.length());
      plain.writeTo(sink);
      return sink.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("compressing in memory cannot fail on I/O", e);
    }
  }

  /** Feeds what is written to a compression context, collecting the frame in one growing array. */
  private static final class Sink extends OutputStream {
    private final ZstdCompressCtx ctx;
    private ByteBuffer out;

    Sink(ZstdCompressCtx ctx, long plainLength) {
      this.ctx = ctx;
      this.out = ByteBuffer.allocate((int) Math.min(plainLength / 3 + SLACK, Integer.MAX_VALUE - 8));
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ByteBuffer in = ByteBuffer.wrap(b, off, len);
      while (in.hasRemaining()) {
        room();
        ctx.compressByteBufferStream(out, in, EndDirective.CONTINUE);
      }
    }

    byte[] finish() {
      ByteBuffer none = ByteBuffer.allocate(0);
      while (true) {
        room();
        if (ctx.compressByteBufferStream(out, none, EndDirective.END)) {
          return Arrays.copyOf(out.array(), out.position());
        }
      }
    }

    /** Grows the output when it is full, so every call can make progress. */
    private void room() {
      if (!out.hasRemaining()) {
        int grown = (int) Math.min((long) out.capacity() * 2, Integer.MAX_VALUE - 8);
        if (grown <= out.capacity()) {
          throw new IllegalStateException("zstd frame too large for one array");
        }
        out = ByteBuffer.allocate(grown).put(out.flip());
      }
    }
  }

  private static boolean load() {
    try {
      com.github.luben.zstd.Zstd.compress(new byte[] {1}, LEVEL);
      return true;
    } catch (LinkageError | RuntimeException e) {
      LOG.warn("zstd is not available on this platform ({}); pages are served with gzip only", e.toString());
      return false;
    }
  }
}
