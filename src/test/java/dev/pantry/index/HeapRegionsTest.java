package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapRegionsTest {
  private static final int SMALL = 256 * 1024;

  @Test
  void chunkFor_largeRenderingOnG1_oneRegionLessItsHeader() {
    assertEquals((4 << 20) - HeapRegions.HEADER, HeapRegions.chunkFor(HeapRegions.LARGE, SMALL, 4 << 20));
    assertEquals((1 << 20) - HeapRegions.HEADER, HeapRegions.chunkFor(40L << 20, SMALL, 1 << 20));
  }

  @Test
  void chunkFor_smallerRendering_smallChunks() {
    assertEquals(SMALL, HeapRegions.chunkFor(HeapRegions.LARGE - 1, SMALL, 4 << 20));
  }

  @Test
  void chunkFor_notG1_smallChunks() {
    assertEquals(SMALL, HeapRegions.chunkFor(40L << 20, SMALL, 0));
  }

  @Test
  void chunkFor_regionNoLargerThanTheSmallChunk_smallChunks() {
    assertEquals(SMALL, HeapRegions.chunkFor(40L << 20, SMALL, SMALL));
  }
}
