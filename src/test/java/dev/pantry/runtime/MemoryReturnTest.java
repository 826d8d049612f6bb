package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class MemoryReturnTest {
  private static final HotSpotDiagnosticMXBean HS = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  @Test
  void apply_g1FlagsAtTheirDefaults_setsPeriodicCollectionAndFreeRatios_twiceTheSame() {
    assumeTrue("true".equals(HS.getVMOption("UseG1GC").getValue()), "the test JVM runs G1");
    boolean untouched = HS.getVMOption("G1PeriodicGCInterval").getOrigin() == VMOption.Origin.DEFAULT
        || "5000".equals(HS.getVMOption("G1PeriodicGCInterval").getValue());
    assumeTrue(untouched, "the test JVM was started without these flags");

    MemoryReturn.apply();
    MemoryReturn.apply();

    assertEquals("5000", HS.getVMOption("G1PeriodicGCInterval").getValue());
    assertEquals("10", HS.getVMOption("MinHeapFreeRatio").getValue());
    int ratio = Integer.parseInt(HS.getVMOption("MaxHeapFreeRatio").getValue());
    // 30 %, raised after each collection by HeapFloor while the heap holds less than the floor
    assertTrue(ratio >= HeapFloor.LOWEST && ratio <= HeapFloor.HIGHEST, "MaxHeapFreeRatio " + ratio);
    assertEquals(VMOption.Origin.MANAGEMENT, HS.getVMOption("MaxHeapFreeRatio").getOrigin());
  }

  @Test
  void apply_aFlagTheOperatorSet_isLeftAsItIs() {
    assumeTrue("true".equals(HS.getVMOption("UseG1GC").getValue()), "the test JVM runs G1");
    MemoryReturn.apply();
    HS.setVMOption("MaxHeapFreeRatio", "60"); // now set by "the operator": its origin is no longer DEFAULT

    MemoryReturn.apply();

    assertEquals("60", HS.getVMOption("MaxHeapFreeRatio").getValue());
    HS.setVMOption("MaxHeapFreeRatio", "30");
  }
}
