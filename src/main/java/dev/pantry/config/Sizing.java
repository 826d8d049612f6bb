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
 * @param upstreamWaiters requests that may be waiting on upstreams at once (fetching, or following a fetch); past
 *                      it a request that needs an upstream gets a 503 at once, so the rest of the pool always
 *                      answers hits, pages, health and metrics
 * @param pageBuffers   bytes of index pages being read, parsed and rendered at once, across all requests; past it a
 *                      page is refused with a 503 instead of running the heap out
 */
public record Sizing(long pageMemory, long blobMemory, int blobMemoryMax, int rowCache, int maxThreads,
    int minThreads, int selectors, long statsFlushMillis, int upstreamWaiters, long pageBuffers) {
  public Sizing {
    if (pageMemory < 0 || blobMemory < 0 || blobMemoryMax < 0 || rowCache < 0) {
      throw new IllegalArgumentException("memory sizes must not be negative");
    }
    if (minThreads < 1 || maxThreads < minThreads || maxThreads < 8) {
      throw new IllegalArgumentException("threads: need 1 <= min <= max and max >= 8");
    }
    if (pageBuffers < 1 << 20) {
      throw new IllegalArgumentException("memory.page-buffers must be at least 1MiB");
    }
    if (upstreamWaiters < 1) {
      throw new IllegalArgumentException("threads.upstream must be at least 1");
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
        100_000, 256, 8, selectors, 5_000, upstreamWaiters(256), Math.max(16L << 20, heap / 4));
  }

  /**
   * The default for {@code upstreamWaiters}: on Java 21+ handlers run on virtual threads, so waiting costs no pool
   * thread and the bound is only against runaway load; on Java 17 a quarter of the pool (at least 16) stays for
   * everything that needs no upstream.
   */
  public static int upstreamWaiters(int maxThreads) {
    if (Runtime.version().feature() >= 21) {
      return 4_096;
    }
    return Math.max(1, maxThreads - Math.max(16, maxThreads / 4));
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }
}
