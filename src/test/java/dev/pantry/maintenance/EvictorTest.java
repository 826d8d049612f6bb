package dev.pantry.maintenance;

import static dev.pantry.testing.Stores.bytes;
import static dev.pantry.testing.Stores.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.coordination.BlobLeases;
import dev.pantry.metadata.AccessRecorder;
import dev.pantry.testing.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRU eviction under a cap that fits two of three files, against a real index and real blobs. */
class EvictorTest {
  private static final int SIZE = 10_000;
  @TempDir Path data;
  private Stores stores;
  private AccessRecorder access;
  private Evictor evictor;
  private String a;
  private String b;
  private String c;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    access = new AccessRecorder(stores.meta, stores.clock, 3_600_000);
    evictor = evictor(2L * SIZE + 100);
    a = stores.cache("a.whl", bytes(SIZE, 1), 1_000);
    b = stores.cache("b.whl", bytes(SIZE, 2), 2_000);
    c = stores.cache("c.whl", bytes(SIZE, 3), 3_000);
  }

  private Evictor evictor(long cap) {
    return new Evictor(() -> cap, stores.meta, new BlobRemover(stores.meta, stores.blobs, stores.coordinator), access,
        stores.coordinator, 3_600_000);
  }

  @AfterEach
  void close() {
    evictor.close();
    access.close();
    stores.close();
  }

  @Test
  void runOnce_overCap_evictsTheLeastRecentlyUsedRowsFirst() {
    Evictor.Report r = evictor.runOnce();

    assertEquals(1, r.evicted());
    assertEquals(2L * SIZE, r.bytesAfter());
    assertTrue(stores.blobs.find(a).isEmpty());
    assertNull(stores.row("a.whl").cachedSha256());
    assertTrue(stores.blobs.find(b).isPresent());
    assertTrue(stores.blobs.find(c).isPresent());
  }

  @Test
  void runOnce_lruFileInUse_skipsItAndEvictsTheNext() {
    try (BlobLeases.Lease serving = stores.coordinator.leases().acquire(a)) {
      Evictor.Report r = evictor.runOnce();
      assertEquals(1, r.skippedInUse());
    }
    assertTrue(stores.blobs.find(a).isPresent());
    assertEquals(a, stores.row("a.whl").cachedSha256());
    assertTrue(stores.blobs.find(b).isEmpty());
    assertTrue(stores.blobs.find(c).isPresent());
  }

  @Test
  void runOnce_recentHitStillInTheRecorder_flushedFirstSoTheFileStays() {
    access.hit(key("a.whl"), SIZE); // now, far later than every cached_at above

    evictor.runOnce();

    assertTrue(stores.blobs.find(a).isPresent());
    assertTrue(stores.blobs.find(b).isEmpty());
  }

  @Test
  void runOnce_underCap_evictsNothing() {
    try (Evictor roomy = evictor(3L * SIZE)) {
      Evictor.Report r = roomy.runOnce();

      assertEquals(0, r.evicted());
      assertTrue(stores.blobs.find(a).isPresent());
    }
  }
}
