package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.CacheSettings;
import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {
  @TempDir
  Path data;

  private FakeUpstream upstream;
  private @Nullable TestMirror server;

  @BeforeEach
  void startUpstream() {
    upstream = FakeUpstream.start("ci", "secret-token");
    upstream.addPublic(WheelBuilder.build("healthy", "1.0", List.of(), null));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    upstream.close();
  }

  /** One try per request, and the given readiness window. */
  private URI start(Duration window, boolean offline) throws Exception {
    PantryConfig c = PantryConfig.of(new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()),
        data);
    c = c.withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, Duration.ofSeconds(30)))
        .withCache(new CacheSettings(0, Duration.ZERO, offline));
    server = TestMirror.of(c.withOps(c.ops().withReadinessWindow(window))).start();
    return server.base();
  }

  @Test
  void healthz_running_is200Ok() throws Exception {
    URI base = start(Duration.ofMinutes(5), false);
    HttpResponse<byte[]> r = Http.get(base.resolve("healthz"));
    assertEquals(200, r.statusCode());
    assertEquals("ok\n", Http.body(r));
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void healthAndReadiness_otherMethods_are405() throws Exception {
    URI base = start(Duration.ofMinutes(5), false);
    for (String path : List.of("healthz", "readyz")) {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpResponse<byte[]> r = TestMirror.send(method, base.resolve(path));
        assertEquals(405, r.statusCode(), method + " " + path);
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
      }
    }
  }

  @Test
  void readyz_allFine_is200WithOneLinePerCheck() throws Exception {
    URI base = start(Duration.ofMinutes(5), false);
    assertEquals(200, Http.get(base.resolve("simple/healthy/")).statusCode());
    HttpResponse<byte[]> r = Http.get(base.resolve("readyz"));
    assertEquals(200, r.statusCode(), Http.body(r));
    assertEquals("ready\ndatabase: ok\nstorage: ok\nupstream main: ok\n", Http.body(r));
  }

  @Test
  void readyz_upstreamFailingPastTheWindow_is503() throws Exception {
    URI base = start(Duration.ZERO, false);
    assertEquals(200, Http.get(base.resolve("simple/healthy/")).statusCode());
    upstream.down(true);
    assertEquals(502, Http.get(base.resolve("simple/other/")).statusCode());

    HttpResponse<byte[]> r = Http.get(base.resolve("readyz"));
    assertEquals(503, r.statusCode());
    assertTrue(Http.body(r).startsWith("not ready\n"), Http.body(r));
    assertTrue(Http.body(r).contains("upstream main: unreachable: no answer for "), Http.body(r));
    // Liveness is not readiness: the process is fine.
    assertEquals(200, Http.get(base.resolve("healthz")).statusCode());

    upstream.down(false);
    assertEquals(404, Http.get(base.resolve("simple/other/")).statusCode());
    assertEquals(200, Http.get(base.resolve("readyz")).statusCode());
  }

  @Test
  void readyz_upstreamRefusesTheCredentials_is503AtOnceAndSaysWhy() throws Exception {
    PantryConfig c = PantryConfig.of(new UpstreamConfig("main", upstream.registryIndexUrl(),
        new Credentials.Basic("ci", Secret.of("wrong-token"))), data);
    server = TestMirror.of(c.withOps(c.ops().withReadinessWindow(Duration.ofHours(1)))).start();
    URI base = server.base();
    assertEquals(502, Http.get(base.resolve("simple/healthy/")).statusCode());

    HttpResponse<byte[]> r = Http.get(base.resolve("readyz"));

    assertEquals(503, r.statusCode(), "the window is for an upstream that is down, not one that says no");
    assertTrue(Http.body(r).contains("upstream main: refuses the mirror's credentials (401/403)"), Http.body(r));
    assertTrue(!Http.body(r).contains("wrong-token"), "never the secret");
  }

  @Test
  void readyz_upstreamFailingWithinTheWindow_isStillReady() throws Exception {
    URI base = start(Duration.ofHours(1), false);
    upstream.down(true);
    assertEquals(502, Http.get(base.resolve("simple/other/")).statusCode());
    assertEquals(200, Http.get(base.resolve("readyz")).statusCode());
  }

  @Test
  void readyz_offline_passesWithoutAskingTheUpstream() throws Exception {
    upstream.close();
    URI base = start(Duration.ZERO, true);
    HttpResponse<byte[]> r = Http.get(base.resolve("readyz"));
    assertEquals(200, r.statusCode());
    assertTrue(Http.body(r).contains("upstreams: not checked (offline mode)"), Http.body(r));
  }
}
