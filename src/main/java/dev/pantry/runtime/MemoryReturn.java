package dev.pantry.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a long-running server give memory back after a burst. The default heap on a large machine is a quarter of
 * its RAM, and G1 keeps what it grew to (a pypi.org-sized project list, a 30,000-link page) long after the work is
 * done. These are G1's manageable flags, set at run time only where the operator left them at their defaults: an
 * idle process runs a concurrent cycle every few seconds, and the heap shrinks until at most 30 % of it is free, but
 * not below a floor ({@link HeapFloor}), so that the next large page does not meet a heap too small for it; and
 * after a burst of large pages the heap is collected once ({@link BurstCollection}).
 */
public final class MemoryReturn {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryReturn.class);
  /** Flag and value, in this order, so the free ratios stay min <= max while they change. */
  private static final String[][] FLAGS = {
      {"G1PeriodicGCInterval", "5000"}, {"MinHeapFreeRatio", "10"}, {HeapFloor.FLAG, String.valueOf(HeapFloor.LOWEST)}};

  private static volatile boolean ours;
  private static volatile @Nullable BurstCollection bursts;

  private MemoryReturn() {}

  /**
   * Keeps the heap from shrinking below {@link HeapFloor}'s floor from now on, when {@link #apply} set the free
   * ratio (an operator's own setting is left alone).
   */
  public static void keepFloor() {
    if (!ours) {
      return;
    }
    try {
      HeapFloor.start(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("cannot keep a heap floor: {}", e.toString());
    }
  }

  /**
   * A large page was written: once the burst is over, the heap is collected ({@link BurstCollection}), when
   * {@link #apply} set the flags (a process that did not, a test, is left alone).
   */
  public static void afterLargePage() {
    BurstCollection b = bursts;
    if (b != null) {
      b.largeWriteDone();
    }
  }

  /** Sets the flags left at their defaults; a JVM without them (another collector, another vendor) is left alone. */
  public static void apply() {
    HotSpotDiagnosticMXBean hs;
    try {
      hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException | LinkageError e) {
      return;
    }
    if (hs == null || !"true".equals(value(hs, "UseG1GC"))) {
      return;
    }
    for (String[] flag : FLAGS) {
      try {
        VMOption o = hs.getVMOption(flag[0]);
        if (o.getOrigin() == VMOption.Origin.DEFAULT && o.isWriteable()) {
          hs.setVMOption(flag[0], flag[1]);
          if (flag[0].equals(HeapFloor.FLAG)) {
            ours = true;
            startBursts();
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("cannot set {}: {}", flag[0], e.toString());
      }
    }
  }

  private static synchronized void startBursts() {
    if (bursts == null) {
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pantry-memory-return");
        t.setDaemon(true);
        return t;
      });
      bursts = new BurstCollection(MemoryReturn::collect, timer, System::currentTimeMillis);
    }
  }

  private static void collect() {
    LOG.debug("collecting the heap after a burst of large pages");
    System.gc(); // the one place Pantry asks for a collection: see BurstCollection
  }

  private static String value(HotSpotDiagnosticMXBean hs, String flag) {
    try {
      return hs.getVMOption(flag).getValue();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
