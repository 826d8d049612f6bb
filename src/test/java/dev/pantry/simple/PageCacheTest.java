package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.CacheSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.TestClock;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index pages: upstream revalidation, client 304s, stale answers (breaker, max-stale) and offline mode. */
class PageCacheTest {
  private final TestClock clock = new TestClock();
  private static final String JSON = "application/vnd.pypi.simple.v1+json";
  @TempDir Path data;
  private GatedIndex origin;
  private FakeUpstream fake;
  private TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("");
  }

  private Wheel fakeWithDemo() {
    fake = FakeUpstream.start("user", "token");
    Wheel wheel = WheelBuilder.build("demo", "1.0", List.of(), null);
    fake.addPublic(wheel);
    return wheel;
  }

  @Test
  void page_pastTtl_revalidatedUpstreamWith304() throws Exception {
    origin = GatedIndex.start();
    origin.add("reval", "reval-1.0-py3-none-any.whl", 1000, 3);
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data).withPageTtl(Duration.ZERO)).start();
    HttpResponse<byte[]> first = mirror.get("/simple/reval/", "Accept", JSON);
    assertEquals("MISS", header(first, "X-Pantry-Cache"));

    HttpResponse<byte[]> second = mirror.get("/simple/reval/", "Accept", JSON);

    assertEquals(200, second.statusCode());
    assertEquals("REVALIDATED", header(second, "X-Pantry-Cache"));
    assertEquals(1, origin.pageNotModified(), "the upstream was asked conditionally and said 304");
    assertArrayEquals(first.body(), second.body());
    assertEquals(header(first, "ETag"), header(second, "ETag"));
  }

  @Test
  void page_upstreamChanged_fetchedAgainNot304() throws Exception {
    origin = GatedIndex.start();
    origin.add("reval", "reval-1.0-py3-none-any.whl", 1000, 3);
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data).withPageTtl(Duration.ZERO)).start();
    mirror.get("/simple/reval/");
    origin.bumpPageVersion("v2");

    HttpResponse<byte[]> second = mirror.get("/simple/reval/");

    assertEquals("MISS", header(second, "X-Pantry-Cache"));
    assertEquals(0, origin.pageNotModified());
  }

  @Test
  void page_clientIfNoneMatch_cheap304WithoutAskingUpstream() throws Exception {
    origin = GatedIndex.start();
    origin.add("cond", "cond-1.0-py3-none-any.whl", 1000, 3);
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data)).start();
    HttpResponse<byte[]> first = mirror.get("/simple/cond/", "Accept", JSON);
    String etag = header(first, "ETag");
    assertTrue(etag.startsWith("\""), etag);
    assertTrue(header(first, "Cache-Control").matches("max-age=\\d+, must-revalidate"), header(first, "Cache-Control"));

    HttpResponse<byte[]> again = mirror.get("/simple/cond/", "Accept", JSON, "If-None-Match", etag);

    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, header(again, "ETag"));
    assertEquals(1, origin.pageGets());
  }

  @Test
  void page_circuitOpen_servedStaleAtOnceWithoutAskingUpstream() throws Exception {
    fakeWithDemo();
    PantryConfig cfg = TestMirror.plainConfig(fake.publicIndexUrl(), data).withPageTtl(Duration.ZERO)
        .withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 1, Duration.ofMinutes(10)));
    mirror = TestMirror.of(cfg).start();
    HttpResponse<byte[]> good = mirror.get("/simple/demo/");
    fake.down(true);
    HttpResponse<byte[]> failing = mirror.get("/simple/demo/");
    assertEquals("STALE", header(failing, "X-Pantry-Cache"));
    fake.reset();

    HttpResponse<byte[]> open = mirror.get("/simple/demo/");

    assertEquals(200, open.statusCode());
    assertEquals("STALE", header(open, "X-Pantry-Cache"));
    assertEquals("upstream circuit open", header(open, "X-Pantry-Stale"));
    assertTrue(header(open, "Warning").startsWith("110 "), header(open, "Warning"));
    assertArrayEquals(good.body(), open.body());
    assertEquals(0, fake.requests().size(), "an open circuit is not asked");
  }

  @Test
  void page_pastMaxStale_upstreamFailureAnswered502() throws Exception {
    fakeWithDemo();
    mirror = TestMirror.of(TestMirror.plainConfig(fake.publicIndexUrl(), data).withPageTtl(Duration.ZERO)
        .withCache(new CacheSettings(0, Duration.ofMinutes(5), false))).clock(clock).start();
    assertEquals(200, mirror.get("/simple/demo/").statusCode());
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    fake.down(true);

    HttpResponse<byte[]> r = mirror.get("/simple/demo/");

    assertEquals(502, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("max-stale"));
  }

  @Test
  void page_withinMaxStale_upstreamFailureServedStale() throws Exception {
    fakeWithDemo();
    mirror = TestMirror.of(TestMirror.plainConfig(fake.publicIndexUrl(), data).withPageTtl(Duration.ZERO)
        .withCache(new CacheSettings(0, Duration.ofHours(1), false))).start();
    assertEquals(200, mirror.get("/simple/demo/").statusCode());
    fake.down(true);

    HttpResponse<byte[]> r = mirror.get("/simple/demo/");

    assertEquals(200, r.statusCode());
    assertEquals("STALE", header(r, "X-Pantry-Cache"));
    assertEquals("upstream unavailable", header(r, "X-Pantry-Stale"));
  }

  @Test
  void offline_servesTheCacheMarkedStale_andNeverAsksUpstream() throws Exception {
    Wheel wheel = fakeWithDemo();
    Wheel other = WheelBuilder.build("demo", "2.0", List.of(), null);
    fake.addPublic(other);
    PantryConfig online = TestMirror.plainConfig(fake.publicIndexUrl(), data);
    mirror = TestMirror.of(online).start();
    assertEquals(200, mirror.get("/simple/demo/").statusCode());
    assertEquals(200, mirror.get(mirror.filePath("demo", wheel.filename())).statusCode());
    mirror.close();
    mirror = TestMirror.of(online.withCache(new CacheSettings(0, Duration.ZERO, true))).start();
    fake.reset();

    HttpResponse<byte[]> page = mirror.get("/simple/demo/");
    HttpResponse<byte[]> cachedFile = mirror.get(mirror.filePath("demo", wheel.filename()));
    HttpResponse<byte[]> uncachedFile = mirror.get(mirror.filePath("demo", other.filename()));
    HttpResponse<byte[]> unknownPage = mirror.get("/simple/never-fetched/");

    assertEquals(200, page.statusCode());
    assertEquals("STALE", header(page, "X-Pantry-Cache"));
    assertEquals("offline", header(page, "X-Pantry-Stale"));
    assertTrue(page.headers().allValues("Warning").stream().anyMatch(w -> w.startsWith("112 ")));
    assertEquals(200, cachedFile.statusCode());
    assertArrayEquals(wheel.bytes(), cachedFile.body());
    assertEquals(504, uncachedFile.statusCode());
    assertEquals("offline: not cached\n", new String(uncachedFile.body(), StandardCharsets.UTF_8));
    assertEquals(504, unknownPage.statusCode());
    assertEquals("offline: not cached\n", new String(unknownPage.body(), StandardCharsets.UTF_8));
    assertEquals(0, fake.requests().size(), "offline never contacts the upstream");
  }
}
