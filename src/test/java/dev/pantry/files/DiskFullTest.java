package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.storage.BlobStore;
import dev.pantry.storage.DiskBlobStore;
import dev.pantry.storage.DiskLayout;
import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.SmallDisk;
import dev.pantry.testing.TestMirror;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up under a download, for real: the blob store lives on a small tmpfs that the test fills. The entry
 * is dropped, the client still gets verified bytes, the server runs on.
 */
class DiskFullTest {
  @TempDir Path data;
  private GatedIndex origin;
  private SmallDisk disk;
  private TestMirror mirror;
  private GatedIndex.File file;
  private String path;

  @BeforeEach
  void start() throws Exception {
    origin = GatedIndex.start();
    file = origin.add("full", "full-1.0-py3-none-any.whl", 3 << 20, 5);
    disk = SmallDisk.mount(data, 8);
    BlobStore store = new DiskBlobStore(new DiskLayout(disk.path().resolve("blobs"), disk.path().resolve("tmp")),
        Clock.systemUTC());
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data.resolve("data"))).blobs(store).start();
    assertEquals(200, mirror.get("/simple/full/").statusCode());
    path = mirror.filePath("full", file.filename());
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void download_diskFullMidway_clientGetsTheWholeFileAndNothingIsCached() throws Exception {
    disk.leave(1 << 20);

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
    assertEquals(0, mirror.blobCount());
    assertEquals(0, mirror.tempCount());
  }

  @Test
  void download_diskAlreadyFull_clientGetsTheWholeFileAndNothingIsCached() throws Exception {
    disk.leave(0);

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
    assertEquals(0, mirror.blobCount());
  }

  @Test
  void download_afterTheDiskFilled_serverKeepsServingAndCachesOnceHealed() throws Exception {
    disk.leave(1 << 20);
    assertEquals(200, mirror.get(path).statusCode());
    disk.heal();

    HttpResponse<byte[]> again = mirror.get(path);
    HttpResponse<byte[]> hit = mirror.get(path);

    assertArrayEquals(file.bytes(), again.body());
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertArrayEquals(file.bytes(), hit.body());
    assertTrue(mirror.hasBlob(file.sha256()));
    assertEquals(2, origin.fileGets(file.filename()));
  }

  @Test
  void download_diskFullWhileFollowersStream_leaderCompletesFollowersAbortedNothingCached() throws Exception {
    disk.leave(2 << 20);
    origin.closeGateAt(1 << 20);
    HttpResponse<InputStream> leader = mirror.open(path);
    HttpResponse<InputStream> follower = mirror.open(path);
    ByteArrayOutputStream leaderBytes = new ByteArrayOutputStream();
    leaderBytes.write(leader.body().readNBytes(64 * 1024));
    byte[] followerStart = follower.body().readNBytes(64 * 1024);
    assertEquals(64 * 1024, followerStart.length);

    origin.open();
    leaderBytes.write(leader.body().readAllBytes());

    assertArrayEquals(file.bytes(), leaderBytes.toByteArray());
    assertThrows(IOException.class, () -> follower.body().readAllBytes());
    assertEquals(0, mirror.blobCount());
    assertEquals(0, mirror.tempCount());
    assertEquals(1, origin.fileGets(file.filename()));
  }

  @Test
  void download_diskFullBeforeAFollowerGotAByte_followerFetchesItsOwnCopy() throws Exception {
    disk.leave(0);
    origin.closeGateAt(1 << 20);
    HttpResponse<InputStream> leader = mirror.open(path);
    assertEquals(64 * 1024, leader.body().readNBytes(64 * 1024).length);
    // The shared download has no upload to follow: a request joining now streams its own copy, uncached.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<byte[]>> late = pool.submit(() -> mirror.get(path));
      for (int i = 0; i < 200 && origin.fileGets(file.filename()) < 2; i++) {
        Thread.sleep(50);
      }
      assertEquals(2, origin.fileGets(file.filename()), "the follower fell back to its own upstream request");
      origin.open();

      HttpResponse<byte[]> r = late.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertArrayEquals(file.bytes(), r.body());
      leader.body().readAllBytes();
      assertEquals(0, mirror.blobCount());
    } finally {
      pool.shutdownNow();
    }
  }
}
