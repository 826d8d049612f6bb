package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.Rendering;
import dev.pantry.index.RootRendering;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdTest {
  @Test
  void compress_renderingInManyChunks_oneFrameThatStatesItsSize() {
    RootRendering list = new RootRendering(60_000);
    for (int i = 0; i < 60_000; i++) {
      list.accept("Project_" + i);
    }
    Rendering html = list.finish().html();
    assertTrue(html.chunkCount() > 3, "the test needs a rendering of several chunks: " + html);
    byte[] plain = html.toByteArray();

    byte[] frame = Zstd.compress(html).toByteArray();

    assertNotNull(frame, "zstd-jni loads on this platform");
    assertTrue(frame.length < plain.length / 3, frame.length + " of " + plain.length);
    // The frame carries its content size, so one-shot decoders (python's zstandard) take it too.
    assertEquals(plain.length, com.github.luben.zstd.Zstd.getFrameContentSize(frame));
    assertArrayEquals(plain, com.github.luben.zstd.Zstd.decompress(frame, plain.length));
  }

  @Test
  void compress_incompressibleBytes_outgrowTheFirstGuessAndStillDecode() {
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);

    byte[] frame = Zstd.compress(Rendering.of(noise)).toByteArray();

    assertNotNull(frame);
    assertTrue(frame.length > noise.length / 3, "this input cannot fit the first guess: " + frame.length);
    assertArrayEquals(noise, com.github.luben.zstd.Zstd.decompress(frame, noise.length));
  }

  @Test
  void compress_emptyAndTinyInputs_roundTrip() {
    for (byte[] in : new byte[][] {new byte[0], {42}, "ab".getBytes(StandardCharsets.US_ASCII)}) {
      byte[] frame = Zstd.compress(Rendering.of(in)).toByteArray();

      assertNotNull(frame);
      assertEquals(in.length, com.github.luben.zstd.Zstd.getFrameContentSize(frame));
      assertArrayEquals(in, com.github.luben.zstd.Zstd.decompress(frame, in.length));
    }
  }
}
