package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob that rots on disk is never served: neither from disk nor from a copy in memory, and after a repair the next
 * request downloads and serves the upstream's bytes again.
 */
class MirrorRotTest {
  private static final Wheel SMALL = WheelBuilder.build("rot-demo", "1.0", List.of(), null);

  @TempDir
  Path data;

  private TestMirror mirror;
  private String path;

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).publicIndex().start();
    mirror.upstream.addPublic(SMALL);
    path = mirror.filePath(SMALL.project(), SMALL.filename());
    assertEquals(200, mirror.get("simple/" + SMALL.project() + "/").statusCode());
    assertEquals("MISS", header(mirror.get(path), "X-Pantry-Cache"));
    HttpResponse<byte[]> hit = mirror.get(path);
    assertEquals("HIT", header(hit, "X-Pantry-Cache"), "the hit keeps a verified copy in memory");
    assertArrayEquals(SMALL.bytes(), hit.body());
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  /** Same length, other bytes: only a hash can tell. */
  private void rot() throws Exception {
    Path blob = mirror.blobFile(SMALL.sha256());
    byte[] bad = Files.readAllBytes(blob);
    Arrays.fill(bad, bad.length / 2, bad.length, (byte) 'x');
    Files.write(blob, bad);
  }

  @Test
  void get_afterRotAndVerifyRepair_downloadsAndServesTheUpstreamBytesAgain() throws Exception {
    rot();

    TestMirror.Run repair = mirror.cli("verify", "--repair", "--no-progress");
    mirror.upstream.reset();
    HttpResponse<byte[]> again = mirror.get(path);
    HttpResponse<byte[]> hitAfter = mirror.get(path);

    assertEquals(0, repair.code(), repair.out() + repair.err());
    assertTrue(repair.out().contains("mismatch"), repair.out());
    assertEquals(200, again.statusCode());
    assertEquals("MISS", header(again, "X-Pantry-Cache"), "the removal dropped the copy in memory too");
    assertArrayEquals(SMALL.bytes(), again.body());
    assertEquals(1, mirror.upstream.count("public", SMALL.filename()), "fetched once more, upstream");
    assertEquals("HIT", header(hitAfter, "X-Pantry-Cache"));
    assertArrayEquals(SMALL.bytes(), hitAfter.body());
    assertArrayEquals(SMALL.bytes(), Files.readAllBytes(mirror.blobFile(SMALL.sha256())));
  }

  @Test
  void get_rottedBlobNotInMemory_isDetectedRemovedAndFetchedAgain() throws Exception {
    mirror.restart(); // memory copies are gone; the next hit reads the disk
    rot();
    mirror.upstream.reset();

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertArrayEquals(SMALL.bytes(), r.body(), "the rotten bytes were never sent");
    assertEquals(1, mirror.upstream.count("public", SMALL.filename()));
    assertArrayEquals(SMALL.bytes(), Files.readAllBytes(mirror.blobFile(SMALL.sha256())));
    assertEquals(0, mirror.cli("verify", "--no-progress").code(), "the cache is clean again");
  }
}
