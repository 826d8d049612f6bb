package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.IpRange;
import dev.pantry.config.OpsSettings.Limit;
import dev.pantry.config.OpsSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.PrometheusText;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rates are tiny (one token per 1000 s) so that no refill can happen during a test: no timing involved. */
class RateLimitTest {
  private static final double SLOW = 0.001;

  @TempDir
  Path data;

  private FakeUpstream upstream;
  private @Nullable TestMirror server;
  private final Wheel one = WheelBuilder.build("limited", "1.0", List.of(), null);
  private final Wheel two = WheelBuilder.build("limited", "2.0", List.of(), null);

  @BeforeEach
  void startUpstream() {
    upstream = FakeUpstream.start("ci", "secret-token");
    upstream.addPublic(one);
    upstream.addPublic(two);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    upstream.close();
  }

  private URI start(OpsSettings.RateLimits limits, @Nullable String header, List<IpRange> trusted) throws Exception {
    PantryConfig base = PantryConfig.of(new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()),
        data);
    server = TestMirror.of(base.withOps(base.ops().withRateLimits(limits).withClientIp(header, trusted)))
        .start();
    return server.base();
  }

  private PrometheusText metrics(URI base) {
    return PrometheusText.parse(Http.text(base.resolve("metrics")));
  }

  @Test
  void requests_pastTheBurst_get429WithRetryAfterAndAreCounted() throws Exception {
    URI base = start(new OpsSettings.RateLimits(new Limit(SLOW, 3), null, null, Limit.OFF), null, List.of());
    URI page = base.resolve("simple/limited/");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, Http.get(page).statusCode(), "request " + i);
    }
    HttpResponse<byte[]> refused = Http.get(page);
    assertEquals(429, refused.statusCode());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 1000, "Retry-After " + retryAfter);
    assertTrue(Http.body(refused).startsWith("too many requests"));

    // Probes and scrapers are never limited.
    assertEquals(200, Http.get(base.resolve("healthz")).statusCode());
    PrometheusText m = metrics(base);
    assertEquals(1, m.sum("pantry_rate_limited_total", "route", "simple", "bucket", "request"));
    assertEquals(1, m.sum("pantry_http_requests_total", "route", "simple", "status", "429"));
  }

  @Test
  void upstreamBucket_refusesMissesButNotHits() throws Exception {
    URI base = start(new OpsSettings.RateLimits(Limit.OFF, null, null, new Limit(SLOW, 2)), null, List.of());
    // Token 1: the page; token 2: the first file.
    assertEquals(200, Http.get(base.resolve("simple/limited/")).statusCode());
    URI first = base.resolve("files/main/limited/" + one.filename());
    assertEquals("MISS", Http.get(first).headers().firstValue("X-Pantry-Cache").orElseThrow());

    HttpResponse<byte[]> second = Http.get(base.resolve("files/main/limited/" + two.filename()));
    assertEquals(429, second.statusCode());
    assertTrue(second.headers().firstValue("Retry-After").isPresent());
    assertEquals(0, upstream.count("public", two.filename()));

    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> hit = Http.get(first);
      assertEquals(200, hit.statusCode());
      assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElseThrow());
    }
    assertEquals(1, metrics(base).sum("pantry_rate_limited_total", "route", "files", "bucket", "upstream"));
  }

  @Test
  void upstreamBucket_aHeadOnAnUncachedFile_paysForTheDownloadItStarts() throws Exception {
    URI base = start(new OpsSettings.RateLimits(Limit.OFF, null, null, new Limit(SLOW, 2)), null, List.of());
    // Token 1: the page; token 2: the HEAD, answered early while its download runs behind it.
    assertEquals(200, Http.get(base.resolve("simple/limited/")).statusCode());
    HttpResponse<byte[]> head = Http.head(base.resolve("files/main/limited/" + one.filename()));
    assertEquals(200, head.statusCode());

    HttpResponse<byte[]> refused = Http.head(base.resolve("files/main/limited/" + two.filename()));

    assertEquals(429, refused.statusCode());
    Thread.sleep(500); // a download started behind a HEAD would have reached the upstream by now
    assertEquals(0, upstream.count("public", two.filename()), "a refused HEAD starts no download");
  }

  @Test
  void perRouteLimit_replacesTheGeneralOneForThatRoute() throws Exception {
    URI base = start(new OpsSettings.RateLimits(new Limit(SLOW, 100), null, new Limit(SLOW, 1), Limit.OFF), null,
        List.of());
    URI file = base.resolve("files/main/limited/" + one.filename());
    assertEquals(200, Http.get(file).statusCode());
    assertEquals(429, Http.get(file).statusCode());
    assertEquals(200, Http.get(base.resolve("simple/limited/")).statusCode());
  }

  @Test
  void forwardedFor_fromTrustedProxy_givesEachClientItsOwnBucket() throws Exception {
    URI base = start(new OpsSettings.RateLimits(new Limit(SLOW, 1), null, null, Limit.OFF), "X-Forwarded-For",
        List.of(IpRange.parse("127.0.0.1")));
    URI page = base.resolve("simple/limited/");
    assertEquals(200, Http.get(page, "X-Forwarded-For", "198.51.100.1").statusCode());
    assertEquals(429, Http.get(page, "X-Forwarded-For", "198.51.100.1").statusCode());
    assertEquals(200, Http.get(page, "X-Forwarded-For", "198.51.100.2").statusCode());
    // A spoofed entry left of the real client changes nothing: the rightmost untrusted hop counts.
    assertEquals(429, Http.get(page, "X-Forwarded-For", "1.2.3.4, 198.51.100.2").statusCode());
  }

  @Test
  void forwardedFor_fromUntrustedPeer_isIgnored() throws Exception {
    URI base = start(new OpsSettings.RateLimits(new Limit(SLOW, 1), null, null, Limit.OFF), "X-Forwarded-For",
        List.of(IpRange.parse("10.0.0.0/8")));
    URI page = base.resolve("simple/limited/");
    assertEquals(200, Http.get(page, "X-Forwarded-For", "198.51.100.1").statusCode());
    assertEquals(429, Http.get(page, "X-Forwarded-For", "198.51.100.2").statusCode());
  }
}
