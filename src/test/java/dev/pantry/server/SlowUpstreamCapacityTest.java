package dev.pantry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.Sizing;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's third finding: on Java 17 a pool's worth of requests for distinct projects on a dripping upstream took
 * every thread, and cached hits, cached pages and {@code /healthz} timed out. With a small pool here, far more slow
 * requests than threads: the upstream's bulkhead and the mirror's capacity for upstream work turn the excess into
 * fast 503s with {@code Retry-After}, and everything that needs no upstream keeps answering.
 */
class SlowUpstreamCapacityTest {
  private static final int THREADS = 32;
  private static final int SLOW_REQUESTS = 3 * THREADS;

  @TempDir Path data;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger slowSeen = new AtomicInteger();
  private GatedIndex fast;
  private Origin slow;
  private TestMirror mirror;
  private GatedIndex.File file;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    fast = GatedIndex.start();
    file = fast.add("fast", "fast-1.0-py3-none-any.whl", 20_000, 7);
    slow = Origin.start("drip", "127.0.0.1", new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return drip(request, response, callback);
      }
    });
    PantryConfig c = TestMirror.plainConfig(slow.url("/simple/"), data)
        .withTimeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60)))
        .withPolicy(new UpstreamPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), 1_000, Duration.ofSeconds(1),
            4, 4, Duration.ofMillis(500)));
    Sizing s = c.sizing();
    c = c.withSizing(new Sizing(s.pageMemory(), s.blobMemory(), s.blobMemoryMax(), s.rowCache(), THREADS, 8,
        s.selectors(), s.statsFlushMillis(), Sizing.upstreamWaiters(THREADS), s.pageBuffers()));
    mirror = TestMirror.of(c).start();
    assertEquals(200, mirror.get("simple/fast/").statusCode());
    assertEquals(200, mirror.get(mirror.filePath("fast", file.filename())).statusCode());
  }

  /** The fast project's page from the fast index (links made absolute); every other page drips, then stalls. */
  private boolean drip(Request request, Response response, Callback callback) throws Exception {
    if (request.getHttpURI().getPath().equals("/simple/fast/")) {
      HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(fast.indexUrl().resolve("fast/")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      String html = new String(page.body(), StandardCharsets.UTF_8).replace("../../dl/",
          fast.indexUrl().resolve("../dl/").toString());
      Origin.send(response, callback, 200, "text/html", html);
      return true;
    }
    slowSeen.incrementAndGet();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 1000);
    Content.Sink.write(response, false, "<", Callback.NOOP);
    release.await(60, TimeUnit.SECONDS);
    callback.failed(new IllegalStateException("test over"));
    return true;
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    mirror.close();
    slow.close();
    fast.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(mirror.uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void manySlowMisses_hitsPagesAndHealthStillAnswer_andTheExcessGetsA503WithRetryAfter() throws Exception {
    List<CompletableFuture<HttpResponse<byte[]>>> misses = new ArrayList<>();
    for (int i = 0; i < SLOW_REQUESTS; i++) {
      misses.add(http.sendAsync(HttpRequest.newBuilder(mirror.uri("simple/slow-" + i + "/"))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < 200 && slowSeen.get() < 4; i++) {
      Thread.sleep(25);
    }
    assertEquals(4, slowSeen.get(), "the bulkhead lets 4 fetches reach the upstream at once");

    HttpResponse<byte[]> hit = get(mirror.filePath("fast", file.filename()));
    HttpResponse<byte[]> page = get("simple/fast/");
    HttpResponse<byte[]> health = get("healthz");
    HttpResponse<byte[]> metrics = get("metrics");

    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertArrayEquals(file.bytes(), hit.body());
    assertEquals(200, page.statusCode());
    assertEquals(200, health.statusCode());
    assertEquals(200, metrics.statusCode());
    // The refusals are immediate on the mirror, but a slow machine may still be delivering them to this client.
    int expected = SLOW_REQUESTS - Sizing.upstreamWaiters(THREADS);
    int refused = refused(misses);
    for (int i = 0; i < 200 && refused < expected; i++) {
      Thread.sleep(25);
      refused = refused(misses);
    }
    assertTrue(refused >= expected, "refused while the upstream still dripped: " + refused);
    assertEquals(4, slowSeen.get(), "and never more than 4 at the upstream");
  }

  private static int refused(List<CompletableFuture<HttpResponse<byte[]>>> misses) throws Exception {
    int refused = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : misses) {
      if (f.isDone() && f.get().statusCode() == 503) {
        assertTrue(f.get().headers().firstValue("Retry-After").isPresent());
        refused++;
      }
    }
    return refused;
  }
}
