package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRU eviction under a cap that fits two of three files, against a real index and real blobs. */
class EvictorTest {
  private static final int SIZE = 10_000;
  @TempDir Path data;
  private StoreFixture store;
  private BlobLeases leases;
  private AccessRecorder access;
  private Evictor evictor;
  private String a;
  private String b;
  private String c;

  @BeforeEach
  void open() throws Exception {
    store = new StoreFixture(data);
    leases = new BlobLeases();
    access = new AccessRecorder(store.meta, 3_600_000);
    evictor = new Evictor(() -> 2L * SIZE + 100, store.meta, store.blobs, leases, access, 3_600_000);
    a = store.cache("a.whl", StoreFixture.bytes(SIZE, 1), 1_000);
    b = store.cache("b.whl", StoreFixture.bytes(SIZE, 2), 2_000);
    c = store.cache("c.whl", StoreFixture.bytes(SIZE, 3), 3_000);
  }

  @AfterEach
  void close() {
    evictor.close();
    access.close();
    store.close();
  }

  @Test
  void runOnce_overCap_evictsTheLeastRecentlyUsed() throws Exception {
    Evictor.Report r = evictor.runOnce();

    assertEquals(1, r.evicted());
    assertEquals(2L * SIZE, r.bytesAfter());
    assertTrue(store.blobs.find(a).isEmpty());
    assertNull(store.row("a.whl").cachedSha256());
    assertTrue(store.blobs.find(b).isPresent());
    assertTrue(store.blobs.find(c).isPresent());
  }

  @Test
  void runOnce_lruFileInUse_skipsItAndEvictsTheNext() throws Exception {
    BlobLeases.Lease serving = leases.acquire(a);
    Evictor.Report r = evictor.runOnce();
    serving.close();

    assertEquals(1, r.skippedInUse());
    assertTrue(store.blobs.find(a).isPresent());
    assertEquals(a, store.row("a.whl").cachedSha256());
    assertTrue(store.blobs.find(b).isEmpty());
    assertTrue(store.blobs.find(c).isPresent());
  }

  @Test
  void runOnce_recentHitStillInTheRecorder_flushedFirstSoTheFileStays() throws Exception {
    access.hit("pypi", "proj", "a.whl", SIZE); // now, far later than every cached_at above

    evictor.runOnce();

    assertTrue(store.blobs.find(a).isPresent());
    assertTrue(store.blobs.find(b).isEmpty());
  }

  @Test
  void runOnce_underCap_evictsNothing() throws Exception {
    try (Evictor roomy = new Evictor(() -> 3L * SIZE, store.meta, store.blobs, leases, access, 3_600_000)) {
      Evictor.Report r = roomy.runOnce();

      assertEquals(0, r.evicted());
      assertFalse(store.blobs.find(a).isEmpty());
    }
  }
}
