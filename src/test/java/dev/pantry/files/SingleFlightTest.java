package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients, one upstream download: for files (followers stream the growing temp file) and for pages. */
class SingleFlightTest {
  @TempDir Path data;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private FakeUpstream fake;
  private GatedIndex gated;
  private TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    if (mirror != null) {
      mirror.close();
    }
    if (fake != null) {
      fake.close();
    }
    if (gated != null) {
      gated.close();
    }
  }

  private Wheel publicWheel() throws Exception {
    fake = FakeUpstream.start("user", "token");
    Wheel wheel = WheelBuilder.build("demo", "1.0", List.of(), null);
    fake.addPublic(wheel);
    mirror = TestMirror.of(TestMirror.plainConfig(fake.publicIndexUrl(), data)).start();
    assertEquals(200, mirror.get("/simple/demo/").statusCode());
    return wheel;
  }

  /** Runs {@code n} copies of {@code call} at once and returns their futures. */
  private <T> List<Future<T>> all(int n, Callable<T> call) {
    List<Future<T>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.submit(call));
    }
    return out;
  }

  @Test
  void download_thirtyConcurrentClients_oneUpstreamFetchAndEveryBodyCorrect() throws Exception {
    Wheel wheel = publicWheel();
    fake.reset();
    // Every client arrives while the upstream still sits on the first request's headers.
    fake.stall(Duration.ofMillis(700));
    String path = mirror.filePath("demo", wheel.filename());

    List<Future<HttpResponse<byte[]>>> answers = all(30, () -> mirror.get(path));

    for (Future<HttpResponse<byte[]>> answer : answers) {
      HttpResponse<byte[]> r = answer.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertArrayEquals(wheel.bytes(), r.body());
    }
    assertEquals(1, fake.count("public", "/packages/" + wheel.filename()));
    assertTrue(mirror.hasBlob(wheel.sha256()));
  }

  @Test
  void download_followersJoinMidDownload_streamBeforeTheUpstreamFinishes() throws Exception {
    gated = GatedIndex.start();
    GatedIndex.File big = gated.add("big", "big-1.0-py3-none-any.whl", 3 << 20, 7);
    mirror = TestMirror.of(TestMirror.plainConfig(gated.indexUrl(), data)).start();
    assertEquals(200, mirror.get("/simple/big/").statusCode());
    gated.closeGateAt(1 << 20);
    String path = mirror.filePath("big", big.filename());

    List<HttpResponse<InputStream>> clients = new ArrayList<>();
    List<ByteArrayOutputStream> received = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // The first client leads; the others join while the upstream is stuck at its gate.
      HttpResponse<InputStream> r = mirror.open(path);
      assertEquals(200, r.statusCode());
      clients.add(r);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write(readWithin(r.body(), 256 * 1024));
      received.add(head);
    }
    assertEquals(1, gated.fileGets(big.filename()), "the upstream is still mid-body for the first request");

    gated.open();
    for (int i = 0; i < clients.size(); i++) {
      received.get(i).write(clients.get(i).body().readAllBytes());
      assertArrayEquals(big.bytes(), received.get(i).toByteArray(), "client " + i);
    }
    assertEquals(1, gated.fileGets(big.filename()));
  }

  /** Reads n bytes, failing (not hanging) when they do not come while the upstream is held. */
  private byte[] readWithin(InputStream in, int n) throws Exception {
    Future<byte[]> read = pool.submit(() -> in.readNBytes(n));
    try {
      byte[] bytes = read.get(30, TimeUnit.SECONDS);
      assertEquals(n, bytes.length);
      return bytes;
    } catch (TimeoutException e) {
      fail("no bytes streamed while the download was under way");
      throw e;
    }
  }

  @Test
  void download_sharedDownloadCorrupt_everyClientFailsAndNothingCached() throws Exception {
    Wheel wheel = publicWheel();
    fake.reset();
    fake.corruptFile(wheel.filename());
    fake.stall(Duration.ofMillis(700));

    assertEveryClientFails(wheel, 20);

    assertEquals(1, fake.count("public", "/packages/" + wheel.filename()));
    assertEquals(0, mirror.blobCount());
    assertEquals(0, mirror.tempCount());
    fake.clearFaults();
    HttpResponse<byte[]> retry = mirror.get(mirror.filePath("demo", wheel.filename()));
    assertEquals(200, retry.statusCode());
    assertArrayEquals(wheel.bytes(), retry.body());
  }

  @Test
  void download_sharedDownloadResetMidBody_everyClientFailsAndNothingCached() throws Exception {
    Wheel wheel = publicWheel();
    fake.reset();
    fake.resetMidBody(wheel.filename());
    fake.stall(Duration.ofMillis(700));

    assertEveryClientFails(wheel, 20);

    assertEquals(1, fake.count("public", "/packages/" + wheel.filename()));
    assertEquals(0, mirror.blobCount());
    assertEquals(0, mirror.tempCount());
  }

  /** No client may get a clean 200 with the full body: an error status, or a response that breaks off. */
  private void assertEveryClientFails(Wheel wheel, int n) throws Exception {
    String path = mirror.filePath("demo", wheel.filename());
    List<Future<HttpResponse<byte[]>>> answers = all(n, () -> mirror.get(path));
    int errors = 0;
    int aborted = 0;
    for (Future<HttpResponse<byte[]>> answer : answers) {
      try {
        HttpResponse<byte[]> r = answer.get(60, TimeUnit.SECONDS);
        assertEquals(502, r.statusCode(), "a clean answer must be an error");
        errors++;
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
        aborted++;
      }
    }
    assertEquals(n, errors + aborted);
  }

  @Test
  void page_twentyConcurrentClients_oneUpstreamFetch() throws Exception {
    fake = FakeUpstream.start("user", "token");
    fake.addPublic(WheelBuilder.build("demo", "1.0", List.of(), null));
    mirror = TestMirror.of(TestMirror.plainConfig(fake.publicIndexUrl(), data)).start();
    fake.stall(Duration.ofMillis(700));

    List<Future<HttpResponse<byte[]>>> answers = all(20, () -> mirror.get("/simple/demo/", "Accept", "text/html"));

    byte[] first = null;
    for (Future<HttpResponse<byte[]>> answer : answers) {
      HttpResponse<byte[]> r = answer.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      if (first == null) {
        first = r.body();
      }
      assertArrayEquals(first, r.body());
    }
    assertEquals(1, fake.count("public", "/simple/demo/"));
  }
}
