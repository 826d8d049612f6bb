package dev.pantry.maintenance;

import static dev.pantry.testing.Stores.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.metadata.FileRecord;
import dev.pantry.simple.PageStore;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.Digests;
import dev.pantry.testing.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash or a lost index can leave behind, and the reconcile putting it right. The rule under test: the stores
 * are the truth, and a verified blob is never deleted because the index forgot it.
 */
class ReconcilerTest {
  @TempDir Path data;
  private Stores stores;
  private Reconciler reconciler;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    reconciler = new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private Path file(String sha) {
    return Path.of(stores.blobs.find(sha).orElseThrow().local().orElseThrow().absolutePath());
  }

  @Test
  void run_rowWhoseBlobIsMissing_markedUncached() throws Exception {
    String sha = stores.cache("gone.whl", bytes(5000, 1), 1000);
    stores.blobs.delete(sha);

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.rowsUncached());
    assertNull(stores.row("gone.whl").cachedSha256());
  }

  @Test
  void run_theWholeIndexLost_rebuildsEveryRowFromTheBlobRecords() throws Exception {
    byte[] a = bytes(7000, 2);
    byte[] b = bytes(3000, 3);
    String shaA = stores.cache("a-1.0-py3-none-any.whl", a, 1000);
    String shaB = stores.cache("b-2.0.tar.gz", b, 2000);
    stores.meta.close();
    // The index is gone: a fresh database over the same stores, as after H2 lost its file.
    Files.walk(data.resolve("db")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    stores = Stores.onDisk(data);
    reconciler = new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord);

    Reconciler.Report r = reconciler.run();

    assertEquals(2, r.rowsRestored());
    assertTrue(r.rebuilt());
    assertEquals(0, r.blobsRemoved(), "no verified blob is deleted");
    FileRecord rowA = stores.row("a-1.0-py3-none-any.whl");
    assertEquals(shaA, rowA.cachedSha256());
    assertEquals(Long.valueOf(7000), rowA.cachedSize());
    assertEquals("http://up/a-1.0-py3-none-any.whl", rowA.url(), "the record kept the URL to fetch it again");
    assertEquals(shaB, stores.row("b-2.0.tar.gz").cachedSha256());
    assertArrayEquals(a, Files.readAllBytes(file(shaA)));
  }

  @Test
  void run_blobStoredJustBeforeACrash_isReindexedFromItsRecord() throws Exception {
    byte[] content = bytes(7000, 4);
    stores.list("renamed.whl", content);
    String sha = stores.storeBlob("renamed.whl", content); // the crash came before the row update

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.rowsRestored());
    assertEquals(sha, stores.row("renamed.whl").cachedSha256());
  }

  @Test
  void run_verifiedBlobNothingNames_isKeptAndReported() throws Exception {
    String sha = stores.storeBlob("x.whl", bytes(3000, 5));
    Files.delete(file(sha).resolveSibling(sha + ".json")); // a blob from before records existed

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.unnamedKept());
    assertEquals(0, r.blobsRemoved());
    assertTrue(stores.blobs.find(sha).isPresent());
  }

  @Test
  void run_blobFromBeforeRecordsThatAListingExpects_isReindexedAndGetsARecord() throws Exception {
    byte[] content = bytes(2000, 6);
    stores.list("old.whl", content);
    stores.row("old.whl"); // caches from before records have a row for every listed file
    String sha = stores.storeBlob("old.whl", content);
    Files.delete(file(sha).resolveSibling(sha + ".json"));

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.rowsRestored());
    assertEquals(sha, stores.row("old.whl").cachedSha256());
    assertEquals(List.of(new BlobName("pypi", "proj", "old.whl", "http://up/old.whl")),
        stores.blobs.record(sha).orElseThrow().names());
  }

  @Test
  void run_cachedRowOfAnUpgradedCache_getsItsRecordBackfilled() throws Exception {
    String sha = stores.cache("fine.whl", bytes(4000, 7), 1000);
    Files.delete(file(sha).resolveSibling(sha + ".json"));

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.recordsWritten());
    assertEquals(List.of(new BlobName("pypi", "proj", "fine.whl", "http://up/fine.whl")),
        stores.blobs.record(sha).orElseThrow().names());
  }

  @Test
  void run_strayBlobWhoseBytesDoNotHashToItsName_isTheOnlyThingDeleted() throws Exception {
    byte[] content = bytes(3000, 8);
    stores.list("bad.whl", content);
    String sha = stores.storeBlob("bad.whl", content);
    Files.delete(file(sha).resolveSibling(sha + ".json"));
    Files.write(file(sha), bytes(3000, 9));

    Reconciler.Report r = reconciler.run();

    assertEquals(1, r.blobsRemoved());
    assertEquals(0, r.rowsRestored());
    assertNull(stores.row("bad.whl").cachedSha256());
    assertTrue(stores.blobs.find(sha).isEmpty());
  }

  @Test
  void run_consistentCache_secondRunChangesNothing() throws Exception {
    String sha = stores.cache("fine.whl", bytes(4000, 10), 1000);
    reconciler.run();

    Reconciler.Report again = reconciler.run();

    assertEquals(new Reconciler.Report(0, 0, 0, 0, 0, 0, 0, 0), again);
    assertEquals(sha, stores.row("fine.whl").cachedSha256());
  }

  @Test
  void run_pageBundleNoRowNames_isCollected() throws Exception {
    try (var up = stores.renderings.begin()) {
      up.write(java.nio.ByteBuffer.wrap(bytes(100, 11)));
      up.commit(null, null);
    }

    assertEquals(1, reconciler.run().bundlesCollected());
    long[] left = {0};
    stores.renderings.forEach(s -> left[0]++);
    assertEquals(0, left[0]);
    assertTrue(Digests.isSha256(Digests.sha256Hex(new byte[0])));
  }

  @Test
  void run_sharedRenderings_aFreshUnnamedBundle_isKeptForAnotherReplicaToName() throws Exception {
    try (var up = stores.renderings.begin()) {
      up.write(java.nio.ByteBuffer.wrap(bytes(100, 12)));
      up.commit(null, null);
    }
    Reconciler shared = new Reconciler(stores.blobs, stores.renderings, stores.meta, PageStore::bundleRecord,
        java.time.Duration.ofMinutes(10));

    assertEquals(0, shared.run().bundlesCollected(), "seconds old: its row may be on the way");
    long[] left = {0};
    stores.renderings.forEach(s -> left[0]++);
    assertEquals(1, left[0]);
  }
}
