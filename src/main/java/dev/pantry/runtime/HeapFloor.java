package dev.pantry.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps G1 from shrinking the heap below a floor while it gives memory back. G1 shrinks at the end of each concurrent
 * cycle to {@code used / (1 - MaxHeapFreeRatio)}. With a fixed ratio of 30 % and a live set of 25 MB, that is a
 * 40–50 MB heap, and the next burst (a 30,000-link page allocates about 300 MB) then runs into dozens of collections,
 * back-to-back concurrent cycles, and a shrink at the end of each one: the heap went 52 → 220 → 88 → 236 → 100 → 300
 * → 152 MB inside one page request. So after every collection the ratio is set from the heap in use, high enough
 * that the shrink stops at the floor, and never under 30 %, so that a heap holding more than the floor still gives
 * back what it does not use.
 *
 * <p>G1 counts the heap in use by whole regions, garbage included, so what it counts can be twice the bytes a
 * collection left (Java 17), or less than one and a half (Java 25). Each shrink says how it counted, since it landed
 * at that count over the ratio set: the next ratios use it. With a fixed guess, the floor landed at 268 MB on one
 * runtime and 188 MB on the other, or at 448 MB without a cap on the ratio.
 */
final class HeapFloor implements NotificationListener {
  private static final Logger LOG = LoggerFactory.getLogger(HeapFloor.class);
  static final String FLAG = "MaxHeapFreeRatio";
  /** The ratio the heap shrinks to when what it holds is above the floor. */
  static final int LOWEST = 30;
  /** The highest ratio set: past it, the floor is simply not met for a nearly empty heap. */
  static final int HIGHEST = 95;
  /**
   * What G1 counts as in use at the end of a cycle, against the bytes the last collection left: it counts whole
   * regions, garbage included. Measured on the shrink itself ({@link #regionFactor}); this is the guess before the
   * first one, what Java 17 showed (40 MB of regions for 20 MB of data). A guess too high shrinks a little below the
   * floor once; one too low would hold a heap far above it, with no shrink to learn from.
   */
  static final double FIRST_FACTOR = 2.0;
  static final double MAX_FACTOR = 3.0;
  /** The floor: enough for a large page to be parsed and rendered in two or three young collections. */
  static final long FLOOR_BYTES = 256L << 20;

  private static final Object LOCK = new Object();
  private static @Nullable HeapFloor installed;

  private final HotSpotDiagnosticMXBean hs;
  private final long floor;
  private final Set<String> heapPools;
  private volatile int last;
  // Touched by the JVM's one notification thread only.
  private double factor = FIRST_FACTOR;
  private long lastUsed;
  private long lastCommitted;

  private HeapFloor(HotSpotDiagnosticMXBean hs, long floor, Set<String> heapPools) {
    this.hs = hs;
    this.floor = floor;
    this.heapPools = heapPools;
  }

  /**
   * The free ratio (percent) at which a heap with {@code used} bytes after a collection shrinks no further than
   * {@code floor}: {@code 100 * (1 - used / floor)} to the nearest percent, within [{@link #LOWEST},
   * {@link #HIGHEST}].
   */
  static int ratio(long used, long floor) {
    if (floor <= 0 || used >= floor) {
      return LOWEST;
    }
    // To the nearest percent: at 90 % and more, one percent moves the shrink by a tenth or more, either way.
    int r = (int) Math.round(100.0 * (floor - Math.max(0, used)) / floor);
    return Math.max(LOWEST, Math.min(HIGHEST, r));
  }

  /**
   * G1's count of the heap in use against {@code used}, the bytes left by the collection before a shrink to
   * {@code committed} at {@code ratio}: G1 shrank to {@code count / (1 - ratio)}, so its count was
   * {@code committed * (1 - ratio)}. Within [1, {@link #MAX_FACTOR}].
   */
  static double regionFactor(long committed, int ratio, long used) {
    if (used <= 0) {
      return FIRST_FACTOR;
    }
    double counted = committed * (100 - ratio) / 100.0;
    return Math.max(1.0, Math.min(MAX_FACTOR, counted / used));
  }

  /** The floor for a heap of at most {@code maxHeap} bytes: {@link #FLOOR_BYTES}, or a quarter of a smaller heap. */
  static long floorFor(long maxHeap) {
    return maxHeap <= 0 ? FLOOR_BYTES : Math.min(FLOOR_BYTES, maxHeap / 4);
  }

  /**
   * Steers the ratio from its current value on: listens to the collections of this JVM (once, however often it is
   * called) and, after each one, sets the ratio for the heap it left in use.
   */
  static void start(HotSpotDiagnosticMXBean hs) {
    synchronized (LOCK) {
      HeapFloor f = installed;
      if (f == null) {
        Set<String> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        f = new HeapFloor(hs, floorFor(max), heap);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
          if (gc instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener(f, null, null);
          }
        }
        installed = f;
      }
      f.last = Integer.parseInt(hs.getVMOption(FLAG).getValue());
    }
  }

  @Override
  public void handleNotification(Notification n, @Nullable Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())
        || !(n.getUserData() instanceof CompositeData data)) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
    long used = 0;
    long committed = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        committed += pool.getValue().getCommitted();
        // Eden left out, as G1 leaves it out at the end of a cycle: empty after a pause, not after a remark
        // (which JDK 20+ reports as well).
        if (!pool.getKey().contains("Eden")) {
          used += pool.getValue().getUsed();
        }
      }
    }
    // A smaller heap than at the last collection was shrunk at the end of a cycle, to the ratio set then: learn how
    // G1 counted. Not from a full collection, which compacts first and so counts the bytes themselves.
    int was = last;
    if (committed < lastCommitted && was > LOWEST && !info.getGcName().contains("Old")) {
      factor = regionFactor(committed, was, lastUsed);
      LOG.debug("heap shrunk to {} MB at MaxHeapFreeRatio {}: G1 counts {}x the bytes in use", committed >> 20, was,
          String.format("%.2f", factor));
    }
    lastUsed = used;
    lastCommitted = committed;
    steer(ratio((long) (used * factor), floor));
  }

  private void steer(int ratio) {
    if (ratio == last || last < 0) {
      return;
    }
    try {
      // Someone else (an operator with jcmd) changed it since: it is theirs now, and this stops steering it.
      if (!String.valueOf(last).equals(hs.getVMOption(FLAG).getValue())) {
        last = -1;
        return;
      }
      hs.setVMOption(FLAG, String.valueOf(ratio));
      last = ratio;
    } catch (RuntimeException e) {
      LOG.debug("cannot set {}: {}", FLAG, e.toString());
      last = -1;
    }
  }
}
