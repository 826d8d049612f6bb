package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.Sizing;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestMirror;
import dev.pantry.upstream.CircuitBreaker;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Blocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large and hostile pages against a small page-memory budget (issue 13's fifth finding): what does not fit is a 503
 * with Retry-After, never an OutOfMemoryError, and the mirror's own limit never counts against the upstream.
 */
class MirrorHostilePagesTest {
  /** Room to parse one 3 MiB page (about 6 times its bytes), not one and a half. */
  private static final int BUDGET = 19 << 20;
  private static final int BOMBS = 6;

  @TempDir Path data;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstHalfSent = new CountDownLatch(1);
  private Origin upstream;
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    upstream = Origin.start("hostile");
    upstream.on("/simple/small/", Origin.text(200, "<html><body><a href=\"/dl/small-1.0.tar.gz\">small-1.0.tar.gz"
        + "</a></body></html>"));
    // 3 MiB of page: the first half at once, the rest once the test lets go, so it is held while others arrive.
    byte[] big = bigPage(3 << 20);
    upstream.on("/simple/big/", (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, big.length);
      write(response, false, ByteBuffer.wrap(big, 0, big.length / 2));
      firstHalfSent.countDown();
      release.await(30, TimeUnit.SECONDS);
      write(response, true, ByteBuffer.wrap(big, big.length / 2, big.length - big.length / 2));
      callback.succeeded();
    });
    upstream.on("/simple/other-big/", Origin.bytes(200, "text/html", big));
    upstream.on("/simple/huge/", Origin.bytes(200, "text/html", bigPage(4 << 20)));
    byte[] bomb = gzipOfZeros(100 << 20);
    for (int i = 0; i < BOMBS; i++) {
      upstream.on("/simple/bomb-" + i + "/", (request, response, callback) -> {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bomb.length);
        write(response, true, ByteBuffer.wrap(bomb));
        callback.succeeded();
      });
    }
    PantryConfig c = TestMirror.plainConfig(upstream.url("/simple/"), data);
    Sizing s = c.sizing();
    mirror = TestMirror.of(c.withSizing(new Sizing(s.pageMemory(), s.blobMemory(), s.blobMemoryMax(), s.rowCache(),
        s.maxThreads(), s.minThreads(), s.selectors(), s.statsFlushMillis(), s.upstreamWaiters(), BUDGET))).start();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    mirror.close();
    upstream.close();
  }

  private static void write(org.eclipse.jetty.server.Response response, boolean last, ByteBuffer b) throws Exception {
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, b, blocker);
      blocker.block();
    }
  }

  private static byte[] bigPage(int size) {
    StringBuilder html = new StringBuilder(size + 200).append("<html><body>\n");
    for (int i = 0; html.length() < size; i++) {
      html.append("<a href=\"/dl/big-").append(i).append(".0.tar.gz\">big-").append(i).append(".0.tar.gz</a><br>\n");
    }
    return html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzipOfZeros(int size) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < size; i += zeros.length) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }

  private void assertCircuitUntouched() {
    var health = mirror.server().pantry().client().health("pypi");
    assertEquals(CircuitBreaker.State.CLOSED, health.state());
    assertEquals(0, health.consecutiveFailures(), "the mirror's own limit is not the upstream's failure");
  }

  @Test
  void pageWhileAnotherFillsTheBudget_is503WithRetryAfter_andTheFirstStillArrives() throws Exception {
    CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
      try {
        return mirror.get("simple/big/");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(firstHalfSent.await(10, TimeUnit.SECONDS));
    Thread.sleep(200); // let the mirror take the first half in

    HttpResponse<byte[]> second = mirror.get("simple/other-big/");
    release.countDown();

    assertEquals(503, second.statusCode(), text(second));
    assertTrue(text(second).contains("limit"), text(second));
    assertTrue(!header(second, "Retry-After").isEmpty());
    assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
    // The first page holds its memory until it is written, behind its response.
    mirror.server().pantry().pages().awaitListing("pypi", "big");
    assertEquals(200, mirror.get("simple/other-big/").statusCode(), "room again once the first is written");
    assertCircuitUntouched();
  }

  @Test
  void gzipBombsAtOnce_oneDecodedAtATimeTheRest503_noOutOfMemory() throws Exception {
    List<CompletableFuture<HttpResponse<byte[]>>> bombs = new ArrayList<>();
    for (int i = 0; i < BOMBS; i++) {
      String path = "simple/bomb-" + i + "/";
      bombs.add(CompletableFuture.supplyAsync(() -> {
        try {
          return mirror.get(path);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    int busy = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : bombs) {
      HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
      // Decoded alone, a bomb is a page of zeros (502); while another is being decoded, there is no room (503).
      assertTrue(r.statusCode() == 502 || r.statusCode() == 503, r.statusCode() + " " + text(r));
      busy += r.statusCode() == 503 ? 1 : 0;
    }
    assertTrue(busy >= 1, "at most one bomb at a time is decoded");
    assertEquals(200, mirror.get("simple/small/").statusCode());
    var health = mirror.server().pantry().client().health("pypi");
    assertEquals(CircuitBreaker.State.CLOSED, health.state(), "the mirror's own limit never opens the circuit");
  }

  @Test
  void pageWhoseParsingAloneExceedsTheBudget_is502SayingWhich_andNothingElseSuffers() throws Exception {
    HttpResponse<byte[]> huge = mirror.get("simple/huge/");

    assertEquals(502, huge.statusCode(), text(huge));
    assertTrue(text(huge).contains("memory.page-buffers"), text(huge));
    assertTrue(header(huge, "Retry-After").isEmpty(), "no retry helps");
    assertEquals(200, mirror.get("simple/small/").statusCode());
    assertEquals(200, mirror.get("simple/other-big/").statusCode());
    assertCircuitUntouched();
  }
}
