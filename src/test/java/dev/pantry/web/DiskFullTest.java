package dev.pantry.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.cache.FailingBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk fills up under a download: the entry is dropped, the client still gets verified bytes, the server runs on. */
class DiskFullTest {
  @TempDir Path data;
  private GatedOrigin origin;
  private FailingBlobStore disk;
  private LocalMirror mirror;
  private GatedOrigin.File file;
  private String path;

  @BeforeEach
  void start() throws Exception {
    origin = GatedOrigin.start();
    file = origin.add("full", "full-1.0-py3-none-any.whl", 3 << 20, 5);
    disk = new FailingBlobStore(data);
    mirror = LocalMirror.start(TestConfigs.of(origin.indexUrl(), data), disk);
    assertEquals(200, mirror.get("/simple/full/").statusCode());
    path = mirror.filePath("full", file.filename());
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    origin.close();
  }

  @Test
  void download_diskFullMidway_clientGetsTheWholeFileAndNothingIsCached() throws Exception {
    disk.failAfter(1 << 20);

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
    assertEquals(0, mirror.blobCount());
    assertEquals(0, mirror.tempCount());
  }

  @Test
  void download_tempFileCannotBeCreated_clientGetsTheWholeFileAndNothingIsCached() throws Exception {
    disk.failCreate(true);

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
    assertEquals(0, mirror.blobCount());
  }

  @Test
  void download_afterTheDiskFilled_serverKeepsServingAndCachesOnceHealed() throws Exception {
    disk.failAfter(1 << 20);
    assertEquals(200, mirror.get(path).statusCode());
    disk.heal();

    HttpResponse<byte[]> again = mirror.get(path);
    HttpResponse<byte[]> hit = mirror.get(path);

    assertArrayEquals(file.bytes(), again.body());
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertArrayEquals(file.bytes(), hit.body());
    assertTrue(Files.isRegularFile(mirror.blob(file.sha256())));
    assertEquals(2, origin.fileGets(file.filename()));
  }

  @Test
  void download_diskFullWhileFollowersStream_leaderCompletesFollowersAbortedNothingCached() throws Exception {
    disk.failAfter(2 << 20);
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
    disk.failCreate(true);
    origin.closeGateAt(1 << 20);
    HttpResponse<InputStream> leader = mirror.open(path);
    assertEquals(64 * 1024, leader.body().readNBytes(64 * 1024).length);
    // The shared download has no temp file to follow: a request joining now streams its own copy, uncached.
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
