package dev.pantry.maintenance;

import static dev.pantry.testing.Stores.bytes;
import static dev.pantry.testing.Stores.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.coordination.BlobLeases;
import dev.pantry.coordination.Invalidation;
import dev.pantry.coordination.Ticket;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.testing.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one removal path, against a real index and a real disk store. */
class BlobRemoverTest {
  @TempDir Path data;
  Stores stores;
  BlobRemover remover;
  final List<Invalidation> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    remover = new BlobRemover(stores.meta, stores.blobs, stores.coordinator);
    stores.coordinator.subscribe(heard::add);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void remove_blobStillNamedByAnotherRow_keepsTheBlobUntilTheLastRowGoes() throws Exception {
    byte[] shared = bytes(12, 1);
    String sha = stores.cache("p-1.0.tar.gz", shared, 1);
    stores.list("p-1.0-copy.tar.gz", shared);
    stores.meta.markCached(key("p-1.0-copy.tar.gz"), sha, 12, 1);

    BlobRemover.Removal first = remover.remove(sha, List.of(key("p-1.0.tar.gz")));

    assertEquals(new BlobRemover.Removal.Removed(1, 0, false), first);
    assertTrue(stores.blobs.find(sha).isPresent());
    assertEquals(List.of(key("p-1.0-copy.tar.gz")), stores.meta.cachedAs(sha).stream().map(FileRecord::key).toList());

    BlobRemover.Removal last = remover.remove(sha, List.of(key("p-1.0-copy.tar.gz")));

    assertEquals(new BlobRemover.Removal.Removed(1, 12, true), last);
    assertTrue(stores.blobs.find(sha).isEmpty());
    assertTrue(stores.meta.cachedAs(sha).isEmpty());
    assertTrue(heard.contains(new Invalidation.Blob(sha)), "every process is told to forget the blob");
  }

  @Test
  void remove_rowRecachedWithOtherBytes_leavesItAlone() throws Exception {
    String old = stores.cache("p-1.0.tar.gz", bytes(9, 2), 1);
    String fresh = stores.storeBlob("p-1.0.tar.gz", bytes(9, 3));
    stores.meta.markCached(key("p-1.0.tar.gz"), fresh, 9, 2); // re-cached after prune selected it

    BlobRemover.Removal r = remover.remove(old, List.of(key("p-1.0.tar.gz")));

    assertEquals(new BlobRemover.Removal.Removed(0, 9, true), r, "the old blob had no row left");
    assertEquals(fresh, stores.row("p-1.0.tar.gz").cachedSha256());
    assertTrue(stores.blobs.find(fresh).isPresent());
  }

  @Test
  void remove_orphanWithoutRows_deletesItOnlyWhenNothingCachesIt() throws Exception {
    String orphan = stores.storeBlob("orphan.whl", bytes(6, 4));
    String named = stores.cache("p-2.0.tar.gz", bytes(5, 5), 1);

    assertEquals(new BlobRemover.Removal.Removed(0, 6, true), remover.remove(orphan, List.of()));
    assertEquals(new BlobRemover.Removal.Removed(0, 0, false), remover.remove(named, List.of()));
    assertTrue(stores.blobs.find(named).isPresent());
  }

  @Test
  void remove_blobAClientIsReading_isSkippedAndKeepsEverything() throws Exception {
    String sha = stores.cache("p-3.0.whl", bytes(100, 6), 1);
    try (BlobLeases.Lease reading = stores.coordinator.leases().acquire(sha)) {
      assertInstanceOf(BlobRemover.Removal.InUse.class, remover.remove(sha, List.of(key("p-3.0.whl"))));
      assertTrue(remover.inUse(sha));
    }
    assertEquals(sha, stores.row("p-3.0.whl").cachedSha256());
    assertTrue(stores.blobs.find(sha).isPresent());
  }

  @Test
  void remove_whileAFileNamingTheBlobIsBeingDownloaded_isSkipped() throws Exception {
    byte[] content = bytes(100, 7);
    String sha = stores.cache("p-4.0.whl", content, 1);
    stores.list("p-4.0-again.whl", content);
    stores.row("p-4.0-again.whl"); // a download looks its file up first, which gives it a row
    FileKey downloading = key("p-4.0-again.whl");
    Ticket<Object> flight = stores.coordinator.join(downloading.flightKey(), Object::new);

    assertInstanceOf(BlobRemover.Removal.InUse.class, remover.remove(sha, List.of(key("p-4.0.whl"))));
    flight.land();
    assertInstanceOf(BlobRemover.Removal.Removed.class, remover.remove(sha, List.of(key("p-4.0.whl"))));
  }
}
