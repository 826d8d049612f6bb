package dev.pantry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlobStore} contract, run against every implementation: each store's test extends this and says how to
 * open one. A store passes only if a reader can never see a partial or unverified blob.
 */
abstract class BlobStoreContract {
  static final BlobName NAME = new BlobName("main", "demo", "demo-1.0-py3-none-any.whl",
      "https://files.example/demo-1.0-py3-none-any.whl");

  BlobStore store;

  /** A fresh, empty store. */
  abstract BlobStore open() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  Blob put(byte[] content, BlobName name) throws Exception {
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content));
      return ((UploadResult.Stored) up.commit(Digests.sha256Hex(content), name)).blob();
    }
  }

  static byte[] read(Blob b, long offset, long length) throws Exception {
    try (InputStream in = b.open(offset, length)) {
      return in.readAllBytes();
    }
  }

  List<String> listed() throws Exception {
    List<String> out = new ArrayList<>();
    store.forEach(out::add);
    return out;
  }

  @Test
  void find_unknownOrMalformedName_isEmpty() {
    assertTrue(store.find(Digests.sha256Hex(new byte[] {1})).isEmpty());
    assertTrue(store.find("../../etc/passwd").isEmpty());
    assertTrue(store.find("ABCDEF" + "0".repeat(58)).isEmpty(), "upper case is not a name");
    assertTrue(store.record("x").isEmpty());
    assertFalse(store.delete("not-a-sha"));
  }

  @Test
  void commit_matchingHash_publishesBlobAndRecord() throws Exception {
    byte[] content = bytes(200_000, 1);
    Blob b = put(content, NAME);

    Blob found = store.find(b.sha256()).orElseThrow();
    assertEquals(Digests.sha256Hex(content), found.sha256());
    assertEquals(content.length, found.size());
    assertArrayEquals(content, read(found, 0, found.size()));
    BlobRecord r = store.record(b.sha256()).orElseThrow();
    assertEquals(List.of(NAME), r.names());
    assertEquals(content.length, r.size());
    assertEquals(List.of(b.sha256()), listed());
  }

  @Test
  void commit_wrongHash_storesNothing() throws Exception {
    byte[] content = bytes(5000, 2);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content));
      UploadResult r = up.commit("0".repeat(64), NAME);
      UploadResult.Mismatch m = assertInstanceOf(UploadResult.Mismatch.class, r);
      assertEquals(Digests.sha256Hex(content), m.actual());
    }
    assertTrue(store.find(Digests.sha256Hex(content)).isEmpty());
    assertTrue(listed().isEmpty());
  }

  @Test
  void upload_beforeCommit_isInvisibleAndReadableByFollowers() throws Exception {
    byte[] content = bytes(100_000, 3);
    String sha = Digests.sha256Hex(content);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content, 0, 40_000));
      try (UploadReader reader = up.reader()) {
        assertTrue(store.find(sha).isEmpty(), "nothing visible before the commit");
        assertTrue(listed().isEmpty());
        ByteBuffer got = ByteBuffer.allocate(content.length);
        while (got.position() < up.written()) {
          assertTrue(reader.read(got, got.position()) > 0);
        }
        up.write(ByteBuffer.wrap(content, 40_000, 60_000));
        assertEquals(content.length, up.written());
        assertInstanceOf(UploadResult.Stored.class, up.commit(sha, NAME));
        // The reader stays valid after the commit.
        while (got.hasRemaining()) {
          assertTrue(reader.read(got, got.position()) > 0);
        }
        assertArrayEquals(content, got.array());
      }
    }
  }

  @Test
  void close_withoutCommit_discards() throws Exception {
    byte[] content = bytes(1000, 4);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content));
    }
    assertTrue(store.find(Digests.sha256Hex(content)).isEmpty());
    assertTrue(listed().isEmpty());
  }

  @Test
  void abandon_givesTheDigestOfEveryByteWritten() throws Exception {
    byte[] content = bytes(10_000, 5);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content, 0, 3000));
      var digest = up.abandon();
      digest.update(content, 3000, 7000);
      assertEquals(Digests.sha256Hex(content), Digests.hex(digest.digest()));
    }
    assertTrue(listed().isEmpty());
  }

  @Test
  void write_leavesTheCallersBufferPositionAlone() throws Exception {
    ByteBuffer buf = ByteBuffer.wrap(bytes(100, 6));
    try (BlobUpload up = store.begin()) {
      up.write(buf);
      assertEquals(0, buf.position());
      assertEquals(100, up.written());
    }
  }

  @Test
  void commit_sameBytesTwice_oneBlobWithBothNames() throws Exception {
    byte[] content = bytes(3000, 7);
    BlobName other = new BlobName("mirror", "demo", "demo-1.0-py3-none-any.whl", "https://other/demo.whl");
    put(content, NAME);
    Blob again = put(content, other);

    assertEquals(List.of(again.sha256()), listed());
    assertEquals(List.of(NAME, other), store.record(again.sha256()).orElseThrow().names());
  }

  @Test
  void addName_isIdempotentAndFalseForAMissingBlob() throws Exception {
    Blob b = put(bytes(50, 8), NAME);
    BlobName second = new BlobName("main", "demo", "demo-1.0.tar.gz", "https://x/demo-1.0.tar.gz");

    assertTrue(store.addName(b.sha256(), second));
    assertTrue(store.addName(b.sha256(), second));
    assertEquals(List.of(NAME, second), store.record(b.sha256()).orElseThrow().names());
    assertFalse(store.addName(Digests.sha256Hex(new byte[] {9}), second));
  }

  @Test
  void delete_removesBlobAndRecord() throws Exception {
    Blob b = put(bytes(500, 9), NAME);

    assertTrue(store.delete(b.sha256()));
    assertFalse(store.delete(b.sha256()));
    assertTrue(store.find(b.sha256()).isEmpty());
    assertTrue(store.record(b.sha256()).isEmpty());
    assertTrue(listed().isEmpty());
  }

  @Test
  void open_range_readsExactlyThoseBytes() throws Exception {
    byte[] content = bytes(70_000, 10);
    Blob b = put(content, NAME);

    byte[] part = read(b, 65_000, 5000);
    assertArrayEquals(java.util.Arrays.copyOfRange(content, 65_000, 70_000), part);
    assertEquals(0, read(b, 70_000, 0).length);
    assertThrows(IllegalArgumentException.class, () -> b.open(69_000, 2000));
  }

  @Test
  void commit_withoutName_storesARenderingWithAnEmptyRecord() throws Exception {
    byte[] content = bytes(64, 11);
    try (BlobUpload up = store.begin()) {
      up.write(ByteBuffer.wrap(content));
      Blob b = ((UploadResult.Stored) up.commit(null, null)).blob();
      assertEquals(Digests.sha256Hex(content), b.sha256());
      assertTrue(store.record(b.sha256()).orElseThrow().names().isEmpty());
    }
  }

  @Test
  void health_ofAnEmptyStore_isFine() {
    assertTrue(store.health().healthy(), store.health().toString());
    assertFalse(store.describe().isBlank());
  }
}
