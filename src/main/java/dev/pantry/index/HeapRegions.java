package dev.pantry.index;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The chunk size for a large rendering: one G1 region, less an array's header. A chunk of at least half a region is a
 * humongous object, which G1 places in a region of its own and never copies, while a small chunk that lives as long
 * as its page is copied by every young collection until it is promoted: a project list's 55 MB of renderings in
 * 256 KiB chunks were most of what its collections copied, and they grow the heap when their pauses add up. A chunk
 * that fills its region wastes nothing, so only a rendering expected to fill several of them gets such chunks.
 */
final class HeapRegions {
  /** Renderings expected to be at least this large get region-sized chunks. */
  static final long LARGE = 8L << 20;
  /** Room for an array's header (16 bytes with compressed class pointers, 24 without), so a chunk fits its region. */
  static final int HEADER = 64;
  private static final int REGION = region();

  private HeapRegions() {}

  /**
   * The chunk size for a rendering of about {@code sizeHint} bytes: a region less {@link #HEADER} when the hint is at
   * least {@link #LARGE} and the JVM runs G1 with regions larger than {@code small}, else {@code small}.
   */
  static int chunkFor(long sizeHint, int small) {
    return chunkFor(sizeHint, small, REGION);
  }

  /** As {@link #chunkFor(long, int)}, for regions of {@code region} bytes (0: not G1). */
  static int chunkFor(long sizeHint, int small, int region) {
    return sizeHint >= LARGE && region - HEADER > small ? region - HEADER : small;
  }

  /** G1's region size, or 0 when the JVM does not run G1 or does not say. */
  private static int region() {
    try {
      HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hs == null || !"true".equals(hs.getVMOption("UseG1GC").getValue())) {
        return 0;
      }
      long r = Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue());
      return r >= (1 << 20) && r <= (512 << 20) ? (int) r : 0;
    } catch (RuntimeException | LinkageError e) {
      return 0; // another vendor's JVM, or no management module: small chunks work everywhere
    }
  }
}
