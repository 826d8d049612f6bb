package dev.pantry.server;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.SmallDisk;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data directory (database, blobs, renderings) on a real tmpfs that fills up: readiness says so at once,
 * clients still get verified files and fresh pages, and once space returns, what is cached after that survives a
 * restart. Issue 13's second finding: H2 panicked on the full disk, Pantry did not notice, and files cached after
 * space was freed were deleted as strays at the next start.
 */
class FullDataDirTest {
  @TempDir Path tmp;
  private SmallDisk disk;
  private GatedIndex origin;
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    disk = SmallDisk.mount(tmp, 64);
    origin = GatedIndex.start();
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), disk.path().resolve("data"))).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    origin.close();
    disk.close();
  }

  private HttpResponse<byte[]> download(GatedIndex.File f) throws Exception {
    return mirror.get(mirror.filePath(f.project(), f.filename()));
  }

  @Test
  void fullDisk_readinessFailsClientsAreServed_thenAfterSpaceReturnsNothingCachedIsLost() throws Exception {
    GatedIndex.File before = origin.add("before", "before-1.0-py3-none-any.whl", 300_000, 1);
    assertEquals("MISS", header(download(before), "X-Pantry-Cache"));
    assertEquals(200, mirror.get("readyz").statusCode());

    disk.leave(0);
    origin.addListed("crowded", 3_000);
    GatedIndex.File during = origin.add("crowded", "crowded_real-1.0-py3-none-any.whl", 200_000, 2);
    HttpResponse<byte[]> page = mirror.get("simple/crowded/");
    HttpResponse<byte[]> file = download(during);
    HttpResponse<byte[]> ready = mirror.get("readyz");

    assertEquals(200, page.statusCode(), "a fresh page is served from memory when it cannot be kept: " + text(page));
    assertEquals(200, file.statusCode(), text(file));
    assertArrayEquals(during.bytes(), file.body(), "verified in memory, not kept");
    assertEquals(503, ready.statusCode(), text(ready));
    assertTrue(text(ready).contains("full"), text(ready));
    assertArrayEquals(before.bytes(), download(before).body(), "hits go on");

    disk.heal();
    awaitReady();
    GatedIndex.File after = origin.add("after", "after-1.0-py3-none-any.whl", 250_000, 3);
    assertEquals("MISS", header(download(after), "X-Pantry-Cache"));
    assertEquals("HIT", header(download(after), "X-Pantry-Cache"));
    mirror.restart();

    for (GatedIndex.File f : new GatedIndex.File[] {before, after}) {
      HttpResponse<byte[]> r = download(f);
      assertEquals("HIT", header(r, "X-Pantry-Cache"), f.filename() + " was acknowledged as cached");
      assertArrayEquals(f.bytes(), r.body());
    }
  }

  /** Readiness comes back by itself once there is room (bounded wait: the database is reopened on demand). */
  private void awaitReady() throws Exception {
    HttpResponse<byte[]> r = mirror.get("readyz");
    for (int i = 0; i < 100 && r.statusCode() != 200; i++) {
      Thread.sleep(100);
      r = mirror.get("readyz");
    }
    assertEquals(200, r.statusCode(), text(r));
  }
}
