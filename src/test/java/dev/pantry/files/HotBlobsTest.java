package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.Digests;
import dev.pantry.storage.DiskBlobStore;
import dev.pantry.storage.DiskLayout;
import dev.pantry.storage.UploadResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified copies of small blobs in memory, over a real disk store. */
class HotBlobsTest {
  @TempDir Path data;
  private BlobStore store;

  @BeforeEach
  void open() throws Exception {
    store = new DiskBlobStore(DiskLayout.artifacts(data), Clock.systemUTC());
  }

  private Blob put(String content) throws Exception {
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
      return ((UploadResult.Stored) up.commit(null, new BlobName("m", "p", "f", "u"))).blob();
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void get_smallBlob_isLoadedVerifiedAndKept() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 1024);
    Blob b = put("hello");

    HotBlobs.Load load = hot.get(b);

    assertArrayEquals("hello".getBytes(), bytes(assertInstanceOf(HotBlobs.Load.Loaded.class, load).bytes()));
    assertNotNull(hot.peek(b.sha256()));
    assertEquals(5, hot.used());
  }

  @Test
  void get_blobThatRottedOnDisk_isCorruptAndNeverKept() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 1024);
    Blob b = put("good bytes");
    Files.writeString(Path.of(b.local().orElseThrow().absolutePath()), "BAD bytes!");

    HotBlobs.Load load = hot.get(store.find(b.sha256()).orElseThrow());

    HotBlobs.Load.Corrupt corrupt = assertInstanceOf(HotBlobs.Load.Corrupt.class, load);
    assertEquals(Digests.sha256Hex("BAD bytes!".getBytes()), corrupt.actual());
    assertNull(hot.peek(b.sha256()), "rotten bytes are never held");
  }

  @Test
  void drop_afterARemoval_theNextGetReadsTheStoreAgain() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 1024);
    Blob b = put("kept");
    hot.get(b);

    hot.drop(b.sha256());

    assertNull(hot.peek(b.sha256()));
    assertEquals(0, hot.used());
  }

  @Test
  void get_blobLargerThanMaxEntry_isTooLargeAndHoldsNothing() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 4);

    assertInstanceOf(HotBlobs.Load.TooLarge.class, hot.get(put("12345")));
    assertEquals(0, hot.used());
  }

  @Test
  void get_blobGoneFromTheStore_isUnreadable() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 1024);
    Blob b = put("soon gone");
    store.delete(b.sha256());

    assertInstanceOf(HotBlobs.Load.Unreadable.class, hot.get(b));
  }

  @Test
  void get_overBudget_staysWithinIt_andAnEvictedBlobLoadsAgain() throws Exception {
    HotBlobs hot = new HotBlobs(10, 10);
    List<Blob> blobs = List.of(put("aaaa"), put("bbbb"), put("cccc"));
    for (Blob b : blobs) {
      assertInstanceOf(HotBlobs.Load.Loaded.class, hot.get(b));
    }

    long kept = blobs.stream().filter(b -> hot.peek(b.sha256()) != null).count();
    assertEquals(2, kept, "two 4-byte blobs fit in 10 bytes, three do not");
    assertEquals(8, hot.used());
    for (Blob b : blobs) {
      HotBlobs.Load again = assertInstanceOf(HotBlobs.Load.Loaded.class, hot.get(b));
      assertEquals(4, ((HotBlobs.Load.Loaded) again).bytes().remaining());
    }
    assertTrue(hot.used() <= 10, "used " + hot.used());
  }

  @Test
  void peek_twoViews_haveIndependentPositions() throws Exception {
    HotBlobs hot = new HotBlobs(1024, 1024);
    Blob b = put("abc");
    hot.get(b);
    ByteBuffer first = hot.peek(b.sha256());
    first.get();

    assertEquals(3, hot.peek(b.sha256()).remaining());
    assertEquals(2, first.remaining());
  }
}
