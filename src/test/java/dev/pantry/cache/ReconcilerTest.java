package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash can leave behind, planted by hand, and the startup reconcile putting it right. */
class ReconcilerTest {
  @TempDir Path data;
  private StoreFixture store;

  @BeforeEach
  void open() throws Exception {
    store = new StoreFixture(data);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void run_orphanTempFiles_removed() throws Exception {
    Files.write(data.resolve("tmp").resolve("a.part"), new byte[] {1, 2, 3});
    Files.write(data.resolve("tmp").resolve("b.page"), new byte[] {4});

    Reconciler.Report r = Reconciler.run(store.blobs, store.meta);

    assertEquals(2, r.tempRemoved());
    try (var left = Files.list(data.resolve("tmp"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void run_rowWhoseBlobIsMissing_markedUncached() throws Exception {
    byte[] content = StoreFixture.bytes(5000, 1);
    String sha = store.cache("gone.whl", content, 1000);
    Files.delete(store.blobs.find(sha).orElseThrow());

    Reconciler.Report r = Reconciler.run(store.blobs, store.meta);

    assertEquals(1, r.rowsUncached());
    assertNull(store.row("gone.whl").cachedSha256());
  }

  @Test
  void run_blobOfTheWrongSize_removedAndRowUncached() throws Exception {
    byte[] content = StoreFixture.bytes(5000, 2);
    String sha = store.cache("short.whl", content, 1000);
    Path blob = store.blobs.find(sha).orElseThrow();
    Files.write(blob, new byte[10]);

    Reconciler.run(store.blobs, store.meta);

    assertNull(store.row("short.whl").cachedSha256());
    assertFalse(Files.exists(blob));
  }

  @Test
  void run_blobWithoutRowThatAPageExpects_reindexed() throws Exception {
    byte[] content = StoreFixture.bytes(7000, 3);
    store.list("renamed.whl", content);
    String sha = store.storeBlob(content); // the crash came before the row update

    Reconciler.Report r = Reconciler.run(store.blobs, store.meta);

    assertEquals(1, r.blobsReindexed());
    FileRecord row = store.row("renamed.whl");
    assertEquals(sha, row.cachedSha256());
    assertEquals(7000L, row.cachedSize());
    assertArrayEquals(content, Files.readAllBytes(store.blobs.find(sha).orElseThrow()));
  }

  @Test
  void run_blobNoPageExpects_removed() throws Exception {
    String sha = store.storeBlob(StoreFixture.bytes(3000, 4));

    Reconciler.Report r = Reconciler.run(store.blobs, store.meta);

    assertEquals(1, r.blobsRemoved());
    assertTrue(store.blobs.find(sha).isEmpty());
  }

  @Test
  void run_strayBlobWhoseBytesDoNotHashToItsName_removedNotReindexed() throws Exception {
    byte[] content = StoreFixture.bytes(3000, 5);
    store.list("bad.whl", content);
    String sha = store.storeBlob(content);
    Files.write(store.blobs.find(sha).orElseThrow(), StoreFixture.bytes(3000, 6));

    Reconciler.Report r = Reconciler.run(store.blobs, store.meta);

    assertEquals(0, r.blobsReindexed());
    assertEquals(1, r.blobsRemoved());
    assertNull(store.row("bad.whl").cachedSha256());
  }

  @Test
  void run_consistentCache_keptAndSecondRunChangesNothing() throws Exception {
    byte[] content = StoreFixture.bytes(4000, 7);
    String sha = store.cache("fine.whl", content, 1000);
    Files.write(data.resolve("tmp").resolve("x.part"), new byte[] {1});
    Reconciler.run(store.blobs, store.meta);

    Reconciler.Report again = Reconciler.run(store.blobs, store.meta);

    assertEquals(new Reconciler.Report(0, 0, 0, 0), again);
    assertEquals(sha, store.row("fine.whl").cachedSha256());
    assertTrue(store.blobs.find(sha).isPresent());
  }
}
