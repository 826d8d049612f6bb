package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class HeapFloorTest {
  private static final long MB = 1L << 20;
  private static final HotSpotDiagnosticMXBean HS = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  @Test
  void ratio_usedAtOrAboveTheFloor_isTheLowest() {
    assertEquals(HeapFloor.LOWEST, HeapFloor.ratio(256 * MB, 256 * MB));
    assertEquals(HeapFloor.LOWEST, HeapFloor.ratio(900 * MB, 256 * MB));
    assertEquals(HeapFloor.LOWEST, HeapFloor.ratio(200 * MB, 256 * MB)); // 22 % would shrink below what 30 % keeps
  }

  @Test
  void ratio_aSmallLiveSet_shrinksNoFurtherThanTheFloor() {
    // From 13 MB up; below that the ratio is capped (the next test)
    for (long used = 13 * MB; used < 180 * MB; used += 7 * MB) {
      int r = HeapFloor.ratio(used, 256 * MB);
      double shrinksTo = used / (1 - r / 100.0); // G1's target capacity at the end of a concurrent cycle
      assertTrue(shrinksTo >= 256 * MB * 0.9 && shrinksTo < 256 * MB * 1.15,
          used + " B in use: " + r + " % shrinks to " + shrinksTo);
    }
    assertEquals(78, HeapFloor.ratio(56 * MB, 256 * MB));
  }

  @Test
  void ratio_aNearlyEmptyHeapOrNoFloor_staysWithinTheBounds() {
    assertEquals(HeapFloor.HIGHEST, HeapFloor.ratio(0, 256 * MB));
    assertEquals(HeapFloor.HIGHEST, HeapFloor.ratio(MB, 256 * MB));
    assertEquals(HeapFloor.HIGHEST, HeapFloor.ratio(5 * MB, 256 * MB)); // 99 % would be asked for
    assertEquals(HeapFloor.LOWEST, HeapFloor.ratio(MB, 0));
  }

  @Test
  void regionFactor_aShrinkToTheFloor_givesHowG1CountedTheHeap() {
    // Java 17 in the benchmark: 20 MB left by the collection, ratio 85, shrunk to 268 MB: G1 counted 40 MB
    assertEquals(2.01, HeapFloor.regionFactor(268 * MB, 85, 20 * MB), 0.01);
    // Temurin 25: 18 MB, shrunk to 188 MB at 85
    assertEquals(1.57, HeapFloor.regionFactor(188 * MB, 85, 18 * MB), 0.01);
  }

  @Test
  void regionFactor_outOfRangeOrNothingUsed_isBoundedOrTheFirstGuess() {
    assertEquals(1.0, HeapFloor.regionFactor(100 * MB, 30, 200 * MB)); // G1 cannot count less than the bytes
    assertEquals(HeapFloor.MAX_FACTOR, HeapFloor.regionFactor(1000 * MB, 30, 10 * MB));
    assertEquals(HeapFloor.FIRST_FACTOR, HeapFloor.regionFactor(268 * MB, 85, 0));
  }

  @Test
  void ratio_ofTheCountedHeap_landsTheShrinkOnTheFloor() {
    for (double factor : new double[] {1.0, 1.57, 2.01, 3.0}) {
      for (long used = 13 * MB; used < 60 * MB; used += 5 * MB) { // from 13 MB: below, the ratio is capped
        long counted = (long) (used * factor);
        int r = HeapFloor.ratio(counted, 256 * MB);
        double shrinksTo = counted / (1 - r / 100.0);
        assertTrue(shrinksTo >= 256 * MB * 0.9 && shrinksTo < 256 * MB * 1.15,
            used + " B at " + factor + ": " + r + " % shrinks to " + shrinksTo);
      }
    }
  }

  @Test
  void floorFor_aLargeHeap_isTheFixedFloor_andASmallOneAQuarter() {
    assertEquals(HeapFloor.FLOOR_BYTES, HeapFloor.floorFor(6L << 30));
    assertEquals(128 * MB, HeapFloor.floorFor(512 * MB));
    assertEquals(HeapFloor.FLOOR_BYTES, HeapFloor.floorFor(-1)); // no maximum known
  }

  @Test
  void start_realCollections_steerTheRatioByWhatTheHeapStillHolds() throws InterruptedException {
    assumeTrue("true".equals(HS.getVMOption("UseG1GC").getValue()), "the test JVM runs G1");
    asMemoryReturnLeavesIt();
    try {
      System.gc();
      assertEventually(r -> r > HeapFloor.LOWEST, "a test JVM's heap holds less than the floor after a full GC");

      long floor = HeapFloor.floorFor(Runtime.getRuntime().maxMemory());
      byte[][] held = new byte[(int) (floor / MB) + 32][];
      for (int i = 0; i < held.length; i++) {
        held[i] = new byte[(int) MB];
      }
      System.gc();
      assertEventually(r -> r == HeapFloor.LOWEST, "holding more than the floor, the heap shrinks as before");
      assertEquals(held.length, Arrays.stream(held).filter(b -> b.length == MB).count());

      held = null;
      System.gc();
      assertEventually(r -> r > HeapFloor.LOWEST, "once let go, the floor is kept again");
    } finally {
      asMemoryReturnLeavesIt();
    }
  }

  @Test
  void start_anOperatorChangedTheRatio_itIsLeftAsTheySetIt() throws InterruptedException {
    assumeTrue("true".equals(HS.getVMOption("UseG1GC").getValue()), "the test JVM runs G1");
    asMemoryReturnLeavesIt();
    try {
      HS.setVMOption(HeapFloor.FLAG, "64"); // as `jcmd <pid> VM.set_flag MaxHeapFreeRatio 64` would

      System.gc();
      Thread.sleep(300); // notifications arrive on the JVM's service thread

      assertEquals("64", HS.getVMOption(HeapFloor.FLAG).getValue());
    } finally {
      asMemoryReturnLeavesIt();
    }
  }

  /** The flags as the server has them: set by MemoryReturn (so that min <= 30 <= max holds), steered from 30. */
  private static void asMemoryReturnLeavesIt() {
    MemoryReturn.apply();
    assumeTrue("10".equals(HS.getVMOption("MinHeapFreeRatio").getValue()), "the test JVM's ratios are MemoryReturn's");
    HS.setVMOption(HeapFloor.FLAG, String.valueOf(HeapFloor.LOWEST));
    HeapFloor.start(HS);
  }

  private static void assertEventually(IntPredicate ratio, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int r;
    do {
      r = Integer.parseInt(HS.getVMOption(HeapFloor.FLAG).getValue());
      if (ratio.test(r)) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": the ratio is still " + r);
  }
}
