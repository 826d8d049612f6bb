package dev.pantry.simple;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.pantry.index.RenderBuffer;
import dev.pantry.index.Rendering;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
  /** The buffer the context writes into, emptied into the frame after each call. */
  private static final int OUT = 128 * 1024;
  private static final boolean AVAILABLE = load();

  private Zstd() {}

  /** Whether pages get a zstd variant on this platform. */
  static boolean available() {
    return AVAILABLE;
  }

  /** The zstd frame of {@code plain}, stating its size, or null when the library is not available. */
  static @Nullable Rendering compress(Rendering plain) {
    if (!AVAILABLE) {
      return null;
    }
    // Streamed from the rendering's chunks into chunks of its own, so a large page is never joined into one array,
    // and the frame is never grown and copied: the library's one-shot call wrote into a worst-case buffer (a second
    // 36 MB array for the project list's HTML), and a growing one doubled and was copied out at the end.
    RenderBuffer frame = RenderBuffer.kept(plain.length() / 3 + SLACK);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx(); Sink sink = new Sink(ctx, frame)) {
      ctx.setLevel(plain.length() > LARGE ? LARGE_LEVEL : LEVEL);
      ctx.setPledgedSrcSize(plain.length());
      plain.writeTo(sink);
      sink.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("compressing in memory cannot fail on I/O", e);
    }
    return frame.toRendering();
  }

  /** Feeds what is written to a compression context, moving the frame into {@code frame} one buffer at a time. */
  private static final class Sink extends OutputStream {
    private final ZstdCompressCtx ctx;
    private final RenderBuffer frame;
    private final ByteBuffer out = ByteBuffer.allocate(OUT);

    Sink(ZstdCompressCtx ctx, RenderBuffer frame) {
      this.ctx = ctx;
      this.frame = frame;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ByteBuffer in = ByteBuffer.wrap(b, off, len);
      while (in.hasRemaining()) {
        ctx.compressByteBufferStream(out, in, EndDirective.CONTINUE);
        drain();
      }
    }

    void finish() {
      ByteBuffer none = ByteBuffer.allocate(0);
      boolean done;
      do {
        done = ctx.compressByteBufferStream(out, none, EndDirective.END);
        drain();
      } while (!done);
    }

    /** Moves what the context wrote into the frame, so every call has the whole buffer to write into. */
    private void drain() {
      frame.write(out.array(), 0, out.position());
      out.clear();
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
