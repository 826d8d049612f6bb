package dev.pantry.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several clients at once, and a client that leaves early. */
class MirrorConcurrencyTest {
  static final Wheel BIG = Wheels.large("pantry-big", "1.0", 2 << 20);
  static final int CLIENTS = 6;

  @TempDir
  Path data;

  TestMirror mirror;
  ExecutorService pool;

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).start();
    mirror.upstream.addPrivate(BIG);
    pool = Executors.newFixedThreadPool(CLIENTS);
  }

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    mirror.close();
  }

  @Test
  void samePage_concurrentRequests_upstreamAskedOnce() throws Exception {
    // Slow upstream, so the requests overlap; however they interleave, later ones are cache hits.
    mirror.upstream.stall(Duration.ofMillis(500));
    List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      answers.add(pool.submit(() -> mirror.get("simple/pantry-big/")));
    }

    for (Future<HttpResponse<byte[]>> f : answers) {
      assertEquals(200, f.get(60, TimeUnit.SECONDS).statusCode());
    }
    assertEquals(1, mirror.upstream.count("registry", "/simple/pantry-big/"));
  }

  @Test
  void sameFile_concurrentDownloads_everyClientGetsTheExactBytes() throws Exception {
    mirror.get("simple/pantry-big/");
    List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      answers.add(pool.submit(() -> mirror.get("files/main/pantry-big/" + BIG.filename())));
    }

    for (Future<HttpResponse<byte[]>> f : answers) {
      HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertArrayEquals(BIG.bytes(), r.body());
    }
    assertEquals(1, mirror.blobCount());
    assertEquals(List.of(), mirror.filesUnder("tmp"));
  }

  @Test
  void clientLeavesMidDownload_fileStillVerifiedAndCached() throws Exception {
    mirror.get("simple/pantry-big/");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> response = client.send(
        HttpRequest.newBuilder(mirror.uri("files/main/pantry-big/" + BIG.filename())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      assertEquals(200, response.statusCode());
      assertTrue(in.readNBytes(1000).length == 1000);
    }

    // Bounded wait for the mirror to finish the download on its own.
    for (int i = 0; i < 300 && !mirror.hasBlob(BIG.sha256()); i++) {
      Thread.sleep(100);
    }
    mirror.upstream.reset();
    HttpResponse<byte[]> again = mirror.get("files/main/pantry-big/" + BIG.filename());

    assertTrue(mirror.hasBlob(BIG.sha256()), "the download finished without its client");
    assertEquals("HIT", TestMirror.header(again, "X-Pantry-Cache"));
    assertArrayEquals(BIG.bytes(), again.body());
    assertEquals(0, mirror.upstream.count("storage", ""));
  }
}
