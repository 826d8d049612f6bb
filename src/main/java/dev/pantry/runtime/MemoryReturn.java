package dev.pantry.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a long-running server give memory back after a burst. The default heap on a large machine is a quarter of
 * its RAM, and G1 keeps what it grew to (a pypi.org-sized project list, a 30,000-link page) long after the work is
 * done. These are G1's manageable flags, set at run time only where the operator left them at their defaults: an
 * idle process runs a concurrent cycle every few seconds, and the heap shrinks until at most 30 % of it is free, but
 * not below a floor ({@link HeapFloor}), so that the next large page does not meet a heap too small for it.
 */
public final class MemoryReturn {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryReturn.class);
  /** Flag and value, in this order, so the free ratios stay min <= max while they change. */
  private static final String[][] FLAGS = {
      {"G1PeriodicGCInterval", "5000"}, {"MinHeapFreeRatio", "10"}, {HeapFloor.FLAG, String.valueOf(HeapFloor.LOWEST)}};

  private static volatile boolean ours;

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
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("cannot set {}: {}", flag[0], e.toString());
      }
    }
  }

  private static String value(HotSpotDiagnosticMXBean hs, String flag) {
    try {
      return hs.getVMOption(flag).getValue();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
