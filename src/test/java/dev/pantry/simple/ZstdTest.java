package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdTest {
  @Test
  void compress_largePage_fitsInAThirdAndStatesItsSize() {
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      page.append("<a href=\"/simple/project-").append(i).append("/\">project-").append(i).append("</a><br/>\n");
    }
    byte[] plain = page.toString().getBytes(StandardCharsets.UTF_8);

    byte[] frame = Zstd.compress(plain);

    assertNotNull(frame, "zstd-jni loads on this platform");
    assertTrue(frame.length < plain.length / 3, frame.length + " of " + plain.length);
    // A one-shot frame carries its content size, so one-shot decoders (python's zstandard) take it too.
    assertEquals(plain.length, com.github.luben.zstd.Zstd.getFrameContentSize(frame));
    assertArrayEquals(plain, com.github.luben.zstd.Zstd.decompress(frame, plain.length));
  }

  @Test
  void compress_incompressibleBytes_stillMakeAFrameThatDecodes() {
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);

    byte[] frame = Zstd.compress(noise);

    assertNotNull(frame);
    assertTrue(frame.length > noise.length / 3, "this input cannot fit the first try: " + frame.length);
    assertArrayEquals(noise, com.github.luben.zstd.Zstd.decompress(frame, noise.length));
  }

  @Test
  void compress_emptyAndTinyInputs_roundTrip() {
    for (byte[] in : new byte[][] {new byte[0], {42}, "ab".getBytes(StandardCharsets.US_ASCII)}) {
      byte[] frame = Zstd.compress(in);

      assertNotNull(frame);
      assertArrayEquals(in, com.github.luben.zstd.Zstd.decompress(frame, in.length));
    }
  }
}
