package dev.pantry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk store: the contract, plus what only a disk can leave behind after a crash. These tests are the one place
 * outside the store that knows its layout (through {@link DiskLayout}, the class that owns it).
 */
class DiskBlobStoreTest extends BlobStoreContract {
  @TempDir Path data;

  DiskLayout layout() {
    return DiskLayout.artifacts(data);
  }

  @Override
  BlobStore open() throws Exception {
    return new DiskBlobStore(layout(), Clock.systemUTC());
  }

  @Test
  void commit_survivesAReopen_withItsRecord() throws Exception {
    byte[] content = bytes(9000, 20);
    Blob b = put(content, NAME);
    BlobStore again = open();

    assertArrayEquals(content, read(again.find(b.sha256()).orElseThrow(), 0, content.length));
    assertEquals(List.of(NAME), again.record(b.sha256()).orElseThrow().names());
  }

  @Test
  void sweep_removesAbandonedUploadsAndRecordsWhoseBlobNeverArrived() throws Exception {
    Files.write(layout().part("crashed"), bytes(100, 21));
    String lost = Digests.sha256Hex(new byte[] {42});
    Files.createDirectories(layout().dir(lost));
    Files.write(layout().record(lost), new BlobRecord(lost, 1, java.time.Instant.now(), List.of(NAME)).toJson());
    Files.write(layout().dir(lost).resolve(lost + ".0c1d.tmp"), new byte[] {1});
    Blob kept = put(bytes(10, 22), NAME);

    assertEquals(3, store.sweep());
    assertEquals(0, store.sweep());
    assertFalse(Files.exists(layout().record(lost)));
    assertTrue(store.record(kept.sha256()).isPresent(), "a whole blob's record stays");
    try (var left = Files.list(layout().temp())) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void record_tornOrForeign_readsAsNone() throws Exception {
    Blob b = put(bytes(10, 23), NAME);
    Files.write(layout().record(b.sha256()), "{\"sha256\":\"trunc".getBytes());

    assertTrue(store.record(b.sha256()).isEmpty());
    assertTrue(store.addName(b.sha256(), NAME), "a blob without a readable record gets one");
    assertEquals(List.of(NAME), store.record(b.sha256()).orElseThrow().names());
  }

  @Test
  void delete_whileAReaderHasItOpen_theReaderKeepsItsBytes() throws Exception {
    byte[] content = bytes(300_000, 24);
    Blob b = put(content, NAME);
    try (InputStream in = b.open()) {
      assertTrue(store.delete(b.sha256()));
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void localFile_namesTheBlobForOffload() throws Exception {
    Blob b = put(bytes(10, 25), NAME);
    LocalFile f = b.local().orElseThrow();
    String sha = b.sha256();

    assertEquals(sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha, f.relativePath());
    assertEquals(layout().blob(sha).toString(), f.absolutePath());
    try (var ch = f.openChannel()) {
      assertEquals(10, ch.size());
    }
  }

  @Test
  void forEach_ignoresRecordsAndStrangers() throws Exception {
    Blob b = put(bytes(10, 26), NAME);
    Files.write(layout().dir(b.sha256()).resolve("README"), new byte[] {1});

    assertEquals(List.of(b.sha256()), listed());
  }

  @Test
  void upload_readerOfAFailedUpload_seesNoPublishedBlob() throws Exception {
    byte[] content = bytes(1000, 27);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content));
      up.commit("f".repeat(64), NAME);
    }
    try (var left = Files.list(layout().temp())) {
      assertEquals(0, left.count(), "a mismatch leaves no temp file");
    }
  }
}
