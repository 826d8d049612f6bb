package dev.pantry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.PantryProcess;
import dev.pantry.testing.StoreCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 against the real jar: mid-download and in the middle of many downloads at once. After a restart the cache
 * comes up clean (no temp files, a summary line in the log) and serves only whole, verified bytes.
 */
class CrashIT {
  @TempDir Path dir;
  private Path jar;
  private Path data;
  private GatedIndex origin;
  private PantryProcess pantry;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() throws Exception {
    String jarProperty = System.getProperty("pantry.jar");
    assumeTrue(jarProperty != null && Files.isRegularFile(Path.of(jarProperty)), "needs -Dpantry.jar (failsafe)");
    jar = Path.of(jarProperty);
    data = dir.resolve("data");
    origin = GatedIndex.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    if (pantry != null) {
      pantry.close();
    }
    origin.close();
  }

  private PantryProcess startPantry() throws Exception {
    return PantryProcess.start(jar, data, origin.indexUrl(), dir.resolve("pantry.log"));
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(pantry.base.resolve(path.substring(1))).timeout(Duration.ofSeconds(60))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private long tempBytes() throws IOException {
    return StoreCheck.tempBytes(data);
  }

  private long tempFiles() throws IOException {
    return StoreCheck.tempFiles(data).size();
  }

  @Test
  void killMidDownload_restartSweepsTheTempFileAndServesCorrectBytes() throws Exception {
    GatedIndex.File big = origin.add("crash", "crash-1.0-py3-none-any.whl", 8 << 20, 21);
    pantry = startPantry();
    assertEquals(200, get("/simple/crash/").statusCode());
    origin.closeGateAt(2 << 20);
    String path = "/files/main/crash/" + big.filename();
    Future<HttpResponse<InputStream>> client = pool.submit(() -> http.send(
        HttpRequest.newBuilder(pantry.base.resolve(path.substring(1))).build(),
        HttpResponse.BodyHandlers.ofInputStream()));
    for (int i = 0; i < 600 && tempBytes() < (1 << 20); i++) {
      Thread.sleep(50);
    }
    assertTrue(tempBytes() >= (1 << 20), "the download is under way");

    pantry.kill();
    assertTrue(tempBytes() > 0, "the kill left a partial file");
    origin.open();
    pantry = startPantry();
    HttpResponse<byte[]> after = get(path);
    HttpResponse<byte[]> hit = get(path);

    assertEquals(200, after.statusCode());
    assertArrayEquals(big.bytes(), after.body());
    assertArrayEquals(big.bytes(), hit.body());
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertEquals(0, tempFiles());
    assertTrue(pantry.logText().contains("cache reconciled: 1 unfinished upload(s) removed"),
        pantry.logText());
    client.cancel(true);
  }

  @Test
  void killDuringManyDownloads_everyFileWholeAfterRestart() throws Exception {
    List<GatedIndex.File> files = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      files.add(origin.add("many", "many_" + i + "-1.0-py3-none-any.whl", (i + 1) * 512 * 1024, 100 + i));
    }
    pantry = startPantry();
    assertEquals(200, get("/simple/many/").statusCode());
    int partialKills = 0;
    for (int round = 0; round < 3; round++) {
      List<Future<HttpResponse<byte[]>>> inFlight = new ArrayList<>();
      for (GatedIndex.File f : files) {
        inFlight.add(pool.submit(() -> get("/files/main/many/" + f.filename())));
      }
      // Kill once some downloads have finished and others are still being written: a different mix each round.
      for (int i = 0; i < 500 && tempBytes() == 0; i++) {
        Thread.sleep(5);
      }
      Thread.sleep(30L * round);
      pantry.kill();
      partialKills += tempBytes() > 0 ? 1 : 0;
      for (Future<HttpResponse<byte[]>> f : inFlight) {
        f.cancel(true);
      }
      pantry = startPantry();
    }

    for (GatedIndex.File f : files) {
      HttpResponse<byte[]> r = get("/files/main/many/" + f.filename());
      assertEquals(200, r.statusCode(), f.filename());
      assertArrayEquals(f.bytes(), r.body(), f.filename());
    }
    assertEquals(0, tempFiles());
    assertTrue(partialKills > 0, "at least one kill hit downloads mid-write");
    assertEquals(List.of(), StoreCheck.badBlobs(data), "every blob is whole and named by its hash");
  }
}
