package dev.pantry.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallBlobsTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void get_smallFile_returnsItsBytesAndAnHttpDate() throws IOException {
    Path f = file("a", "hello");
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-11-02T03:04:05Z")));

    SmallBlobs.Blob blob = new SmallBlobs(1024, 1024).get("a", f).orElseThrow();

    assertArrayEquals("hello".getBytes(), bytes(blob.view()));
    assertEquals("Mon, 02 Nov 2026 03:04:05 GMT", blob.lastModified());
  }

  @Test
  void get_afterTheFileIsGone_servesTheKeptBytes() throws IOException {
    SmallBlobs blobs = new SmallBlobs(1024, 1024);
    Path f = file("a", "kept");
    blobs.get("a", f).orElseThrow();
    Files.delete(f);

    assertArrayEquals("kept".getBytes(), bytes(blobs.get("a", f).orElseThrow().view()));
  }

  @Test
  void get_fileLargerThanMaxEntry_isEmptyAndHoldsNothing() throws IOException {
    SmallBlobs blobs = new SmallBlobs(1024, 4);

    assertTrue(blobs.get("a", file("a", "12345")).isEmpty());
    assertEquals(0, blobs.used());
    assertFalse(blobs.fits(5));
  }

  @Test
  void get_missingFile_isEmpty() {
    assertTrue(new SmallBlobs(1024, 1024).get("x", dir.resolve("missing")).isEmpty());
  }

  @Test
  void get_overBudget_dropsTheLeastRecentlyUsed() throws IOException {
    SmallBlobs blobs = new SmallBlobs(10, 10);
    Path a = file("a", "aaaa");
    Path b = file("b", "bbbb");
    Path c = file("c", "cccc");
    blobs.get("a", a);
    blobs.get("b", b);
    blobs.get("a", a); // a is now the most recently used
    blobs.get("c", c); // 12 bytes > 10: b goes
    Files.delete(a);
    Files.delete(b);
    Files.delete(c);

    assertTrue(blobs.get("a", a).isPresent());
    assertTrue(blobs.get("b", b).isEmpty());
    assertTrue(blobs.get("c", c).isPresent());
    assertEquals(8, blobs.used());
  }

  @Test
  void view_twoViews_haveIndependentPositions() throws IOException {
    SmallBlobs.Blob blob = new SmallBlobs(1024, 1024).get("a", file("a", "abc")).orElseThrow();
    ByteBuffer first = blob.view();
    first.get();

    assertEquals(3, blob.view().remaining());
    assertEquals(2, first.remaining());
  }
}
