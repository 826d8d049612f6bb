package dev.pantry.config;

/**
 * How much of the machine the mirror uses: memory for hot pages, blobs and rows, threads and selectors. The defaults
 * are sized from the machine the process runs on ({@link #forMachine}); every value can be set.
 *
 * @param pageMemory    bytes of page renderings kept in memory
 * @param blobMemory    bytes of small blobs kept in memory
 * @param blobMemoryMax the largest blob kept in memory
 * @param rowCache      rows of cached files kept in memory
 * @param maxThreads    the request thread pool's size at most (platform threads; Java 21+ runs handlers on virtual
 *                      threads and uses these for selectors and the like)
 * @param minThreads    threads kept alive when idle
 * @param selectors     HTTP selector threads
 * @param statsFlushMillis how often hit counts are written to the index
 */
public record Sizing(long pageMemory, long blobMemory, int blobMemoryMax, int rowCache, int maxThreads,
    int minThreads, int selectors, long statsFlushMillis) {
  public Sizing {
    if (pageMemory < 0 || blobMemory < 0 || blobMemoryMax < 0 || rowCache < 0) {
      throw new IllegalArgumentException("memory sizes must not be negative");
    }
    if (minThreads < 1 || maxThreads < minThreads || maxThreads < 8) {
      throw new IllegalArgumentException("threads: need 1 <= min <= max and max >= 8");
    }
    if (selectors < 1 || statsFlushMillis < 100) {
      throw new IllegalArgumentException("selectors must be at least 1 and stats flush at least 100ms");
    }
  }

  /** Defaults for this machine: a share of the heap, capped, and selectors by cores. */
  public static Sizing forMachine() {
    long heap = Runtime.getRuntime().maxMemory();
    int cores = Runtime.getRuntime().availableProcessors();
    // One selector caps small-file throughput on two cores (STACK.md); beyond that, one per two cores.
    int selectors = Math.max(2, cores / 2);
    return new Sizing(clamp(heap / 16, 16L << 20, 128L << 20), clamp(heap / 32, 8L << 20, 64L << 20), 1 << 20,
        100_000, 256, 8, selectors, 5_000);
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }
}
