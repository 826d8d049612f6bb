package dev.pantry.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
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
 */
final class HeapFloor implements NotificationListener {
  private static final Logger LOG = LoggerFactory.getLogger(HeapFloor.class);
  static final String FLAG = "MaxHeapFreeRatio";
  /** The ratio the heap shrinks to when what it holds is above the floor. */
  static final int LOWEST = 30;
  /**
   * The highest ratio set. G1 counts what is in use at the end of a cycle by whole regions, garbage included, which
   * can be twice the bytes the last collection left; this bound keeps such a heap from being held far above the floor.
   */
  static final int HIGHEST = 85;
  /** The floor: enough for a large page to be parsed and rendered in two or three young collections. */
  static final long FLOOR_BYTES = 256L << 20;

  private static final Object LOCK = new Object();
  private static @Nullable HeapFloor installed;

  private final HotSpotDiagnosticMXBean hs;
  private final long floor;
  private final Set<String> heapPools;
  private volatile int last;

  private HeapFloor(HotSpotDiagnosticMXBean hs, long floor, Set<String> heapPools) {
    this.hs = hs;
    this.floor = floor;
    this.heapPools = heapPools;
  }

  /**
   * The free ratio (percent) at which a heap with {@code used} bytes after a collection shrinks no further than
   * {@code floor}: {@code 100 * (1 - used / floor)} rounded up, within [{@link #LOWEST}, {@link #HIGHEST}].
   */
  static int ratio(long used, long floor) {
    if (floor <= 0 || used >= floor) {
      return LOWEST;
    }
    long free = floor - Math.max(0, used);
    int r = (int) ((free * 100 + floor - 1) / floor);
    return Math.max(LOWEST, Math.min(HIGHEST, r));
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
        // Eden left out, as G1 leaves it out at the end of a cycle: empty after a pause, not after a remark (which
        // JDK 20+ reports as well).
        Set<String> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden"))
            .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
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
    Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from(data).getGcInfo().getMemoryUsageAfterGc();
    long used = 0;
    for (var pool : after.entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    steer(ratio(used, floor));
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
