package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ReadOnlyBufferException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenderingTest {
  /** Bytes written across several of a buffer's chunks, with the last one partly filled. */
  private static byte[] written(RenderBuffer into, int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    for (int at = 0; at < size; at += 1000) {
      into.write(bytes, at, Math.min(1000, size - at));
    }
    return bytes;
  }

  @Test
  void toRendering_manyChunks_keepsThemWithoutCopyAndReadsBackWhole() throws IOException {
    RenderBuffer buffer = new RenderBuffer(100);
    byte[] bytes = written(buffer, 3 * RenderBuffer.CHUNK + 123);

    Rendering r = buffer.toRendering();

    assertEquals(4, r.chunkCount());
    assertEquals(bytes.length, r.length());
    assertArrayEquals(bytes, r.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.writeTo(out);
    assertArrayEquals(bytes, out.toByteArray());
    long inChunks = 0;
    for (int i = 0; i < r.chunkCount(); i++) {
      inChunks += r.chunk(i).remaining();
    }
    assertEquals(bytes.length, inChunks);
  }

  @Test
  void update_manyChunks_sameDigestAsTheWholeBytes() throws NoSuchAlgorithmException {
    RenderBuffer buffer = new RenderBuffer(100);
    byte[] bytes = written(buffer, 2 * RenderBuffer.CHUNK + 7);
    MessageDigest chunked = MessageDigest.getInstance("SHA-256");

    buffer.toRendering().update(chunked);

    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes), chunked.digest());
  }

  @Test
  void chunk_isReadOnlyAndItsOwn_theRenderingStaysAsMade() {
    byte[] bytes = {1, 2, 3, 4, 5};
    Rendering r = Rendering.of(bytes, 1, 3);
    var view = r.chunk(0);

    view.get();
    assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
    assertEquals(3, r.chunk(0).remaining(), "reading one view moves no other");
    assertArrayEquals(new byte[] {2, 3, 4}, r.toByteArray());
  }

  @Test
  void of_nothing_emptyWithNoChunks() {
    RenderBuffer buffer = new RenderBuffer(10);

    for (Rendering r : new Rendering[] {Rendering.of(new byte[0]), buffer.toRendering()}) {
      assertEquals(0, r.length());
      assertEquals(0, r.chunkCount());
      assertEquals(0, r.toByteArray().length);
    }
  }

  @Test
  void toString_saysSizeNotContent() {
    String s = Rendering.of("secret-looking page".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    assertTrue(s.contains("19 bytes"), s);
    assertTrue(!s.contains("secret"), s);
  }
}
