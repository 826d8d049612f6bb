package dev.pantry.simple;

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
    return com.github.luben.zstd.Zstd.compress(bytes, bytes.length > LARGE ? LARGE_LEVEL : LEVEL);
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
