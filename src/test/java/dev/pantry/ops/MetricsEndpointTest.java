package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {
  @TempDir
  Path data;

  private FakeUpstream upstream;
  private TestMirror server;
  private final Wheel wheel = WheelBuilder.build("metered", "1.0", List.of(), null);

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start("ci", "secret-token");
    upstream.addPublic(wheel);
    server = TestMirror.of(PantryConfig.of(
        new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()), data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    upstream.close();
  }

  private PrometheusText scrape() {
    HttpResponse<byte[]> r = Http.get(server.base().resolve("metrics"));
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    return PrometheusText.parse(Http.body(r));
  }

  @Test
  void scrape_beforeAnyTraffic_declaresEveryFamilyWithItsType() {
    PrometheusText m = scrape();
    assertEquals("counter", m.type("pantry_pages_served_total"));
    assertEquals("counter", m.type("pantry_files_served_total"));
    assertEquals("counter", m.type("pantry_http_response_bytes_total"));
    assertEquals("counter", m.type("pantry_config_reloads_total"));
    assertEquals("gauge", m.type("pantry_downloads_in_flight"));
    assertEquals("gauge", m.type("pantry_cache_bytes"));
    assertEquals("gauge", m.type("pantry_cache_files"));
    assertEquals("counter", m.type("pantry_rate_limited_total"));
    assertEquals(0, m.sum("pantry_cache_files"));
    assertTrue(m.has("pantry_pages_served_total", "cache", "stale"));
    assertEquals(0, m.sum("pantry_pages_served_total"));
  }

  @Test
  void scrape_afterMissesAndHits_countersMoved() {
    URI page = server.base().resolve("simple/metered/");
    assertEquals(200, Http.get(page).statusCode());
    assertEquals(200, Http.get(page).statusCode());
    URI file = server.base().resolve("files/main/metered/" + wheel.filename());
    HttpResponse<byte[]> miss = Http.get(file);
    assertEquals("MISS", miss.headers().firstValue("X-Pantry-Cache").orElse(""));
    HttpResponse<byte[]> hit = Http.get(file);
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertEquals(404, Http.get(server.base().resolve("simple/no-such-project/")).statusCode());

    PrometheusText m = scrape();
    assertEquals("counter", m.type("pantry_http_requests_total"));
    assertEquals("counter", m.type("pantry_upstream_bytes_total"));
    assertEquals("histogram", m.type("pantry_upstream_request_duration_seconds"));
    assertEquals(1, m.sum("pantry_pages_served_total", "cache", "miss"));
    assertEquals(1, m.sum("pantry_pages_served_total", "cache", "hit"));
    assertEquals(1, m.sum("pantry_files_served_total", "cache", "miss"));
    assertEquals(1, m.sum("pantry_files_served_total", "cache", "hit"));
    assertEquals(2, m.sum("pantry_http_requests_total", "route", "simple", "status", "200"));
    assertEquals(2, m.sum("pantry_http_requests_total", "route", "files", "status", "200"));
    assertEquals(1, m.sum("pantry_http_requests_total", "route", "simple", "status", "404"));
    assertTrue(m.sum("pantry_http_response_bytes_total", "route", "files") >= 2.0 * wheel.size());
    assertTrue(m.sum("pantry_upstream_bytes_total", "upstream", "main") >= wheel.size());
    assertTrue(m.sum("pantry_upstream_request_duration_seconds_count", "upstream", "main", "kind", "page") >= 2);
    assertEquals(1, m.sum("pantry_upstream_request_duration_seconds_count", "upstream", "main", "kind", "file"));
    assertTrue(m.has("pantry_upstream_request_duration_seconds_bucket", "le", "+Inf"));
    assertEquals(0, m.sum("pantry_downloads_in_flight"));
    assertEquals(1, m.sum("pantry_cache_files"));
    assertEquals(wheel.size(), m.sum("pantry_cache_bytes"));
  }

  @Test
  void scrape_upstreamDown_countsErrorsByKindAndStalePages() {
    URI page = server.base().resolve("simple/metered/");
    assertEquals(200, Http.get(page).statusCode());
    upstream.down(true);
    // The page is fresh for 10 minutes: only a project never fetched reaches the dead upstream.
    assertEquals(502, Http.get(server.base().resolve("simple/other/")).statusCode());

    PrometheusText m = scrape();
    assertEquals("counter", m.type("pantry_upstream_errors_total"));
    assertTrue(m.sum("pantry_upstream_errors_total", "upstream", "main", "kind", "upstream_failed") >= 1);
    assertEquals(1, m.sum("pantry_http_requests_total", "route", "simple", "status", "502"));
  }
}
