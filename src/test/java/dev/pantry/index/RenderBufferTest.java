package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderBufferTest {
  /** What {@link RenderBuffer#take} must produce: the JDK's own UTF-8 encoding of the text. */
  private static void assertTakesAsTheJdkEncodes(String text, int sizeHint) {
    RenderBuffer buffer = new RenderBuffer(sizeHint);
    StringBuilder part = new StringBuilder(text);

    buffer.take(part);

    assertEquals(0, part.length(), "the builder is emptied for the next part");
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), buffer.toByteArray());
  }

  @Test
  void take_asciiAcrossManyChunks_sameBytes() {
    assertTakesAsTheJdkEncodes("<a href=\"x/\">x</a><br>\n".repeat(40_000), 10);
  }

  @Test
  void take_everyUtf8Length_sameBytesAsTheJdk() {
    // 1, 2, 3 and 4 bytes: ASCII, Latin and Cyrillic, CJK, and a character outside the BMP (a surrogate pair).
    assertTakesAsTheJdkEncodes("a é Ж 漢 😀 z", 256);
  }

  @Test
  void take_unpairedSurrogates_questionMarksAsTheJdkWrites() {
    assertTakesAsTheJdkEncodes("lone high \uD83D then low \uDE00 and high at the end \uD83D", 256);
  }

  @Test
  void take_multibyteCharactersAtEveryChunkBoundary_sameBytes() {
    // Shifting by one character each time puts every byte of a 3- and a 4-byte sequence on a chunk's edge.
    StringBuilder text = new StringBuilder();
    for (int shift = 0; shift < 8; shift++) {
      text.append("x".repeat(RenderBuffer.CHUNK - 5 + shift)).append("漢😀");
    }
    assertTakesAsTheJdkEncodes(text.toString(), RenderBuffer.CHUNK);
  }

  @Test
  void take_severalParts_appendedInOrder() {
    RenderBuffer buffer = new RenderBuffer(16);
    StringBuilder part = new StringBuilder();

    part.append("first é ");
    buffer.take(part);
    part.append("then 😀");
    buffer.take(part);

    assertArrayEquals("first é then 😀".getBytes(StandardCharsets.UTF_8), buffer.toByteArray());
  }

  @Test
  void toRendering_largeHint_regionSizedChunksHoldEveryByte() {
    byte[] text = "<a href=\"x/\">x</a><br>\n".repeat(500_000).getBytes(StandardCharsets.US_ASCII); // 11.5 MB
    RenderBuffer buffer = RenderBuffer.kept(text.length);

    buffer.write(text, 0, text.length);
    Rendering r = buffer.toRendering();

    assertArrayEquals(text, r.toByteArray());
    int expected = HeapRegions.chunkFor(text.length, RenderBuffer.CHUNK);
    assertEquals(expected, r.chunk(0).remaining(), "the first chunk has the chunk size of a large rendering");
    assertEquals((text.length + expected - 1) / expected, r.chunkCount());
  }

  @Test
  void toByteArray_largeHint_joinsRegionSizedChunksExactly() {
    byte[] text = new byte[9 << 20];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) (i * 31);
    }
    RenderBuffer buffer = RenderBuffer.kept(HeapRegions.LARGE);

    buffer.write(text, 0, 5);
    buffer.write(text, 5, text.length - 5);

    assertArrayEquals(text, buffer.toByteArray());
  }

  @Test
  void toRendering_joinedBufferWithLargeHint_smallChunks() {
    RenderBuffer buffer = new RenderBuffer(HeapRegions.LARGE * 2);
    byte[] text = new byte[RenderBuffer.CHUNK * 3 + 7];

    buffer.write(text, 0, text.length);
    Rendering r = buffer.toRendering();

    assertEquals(RenderBuffer.CHUNK, r.chunk(0).remaining());
    assertEquals(4, r.chunkCount());
    assertEquals(7, r.chunk(3).remaining(), "the last chunk holds what it was given");
  }
}
