package dev.pantry.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class MemoryBlobStoreTest extends BlobStoreContract {
  @Override
  BlobStore open() {
    return new MemoryBlobStore();
  }

  @Test
  void write_pastCapacity_failsLikeAFullDiskAndFreesTheUpload() throws Exception {
    MemoryBlobStore small = new MemoryBlobStore(10_000, Clock.systemUTC());
    try (BlobUpload up = small.begin()) {
      up.write(ByteBuffer.wrap(bytes(8000, 1)));
      IOException full = assertThrows(IOException.class, () -> up.write(ByteBuffer.wrap(bytes(8000, 2))));
      assertTrue(full.getMessage().contains("No space left"), full.getMessage());
    }
    assertEquals(0, small.used(), "a discarded upload gives its room back");
    assertTrue(small.health().healthy());
  }

  @Test
  void health_whenFull_saysSo() throws Exception {
    MemoryBlobStore small = new MemoryBlobStore(100, Clock.systemUTC());
    try (BlobUpload up = small.begin()) {
      up.write(ByteBuffer.wrap(bytes(100, 3)));
      assertInstanceOf(UploadResult.Stored.class, up.commit(null, NAME));
    }
    assertFalse(small.health().healthy());
    assertEquals("full", small.health().problem());
  }
}
