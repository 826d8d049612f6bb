package dev.pantry.simple;

import com.github.luben.zstd.ZstdException;
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

  /** The zstd frame of {@code bytes}, or null when the library is not available. */
  static byte @Nullable [] compress(byte[] bytes) {
    if (!AVAILABLE) {
      return null;
    }
    int level = bytes.length > LARGE ? LARGE_LEVEL : LEVEL;
    // The library's own one-shot call writes into a buffer of the worst-case size (a little more than the input),
    // then copies: a second 36 MB array for the project list's HTML, which grew the heap in the write behind it.
    // Pages come to a quarter or less, so a third is tried first; only a page that does not fit pays for the bound.
    byte[] out = new byte[bytes.length / 3 + SLACK];
    long n;
    try {
      n = com.github.luben.zstd.Zstd.compressByteArray(out, 0, out.length, bytes, 0, bytes.length, level);
    } catch (ZstdException e) {
      if (e.getErrorCode() != com.github.luben.zstd.Zstd.errDstSizeTooSmall()) {
        throw e;
      }
      return com.github.luben.zstd.Zstd.compress(bytes, level);
    }
    return Arrays.copyOf(out, (int) n);
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
