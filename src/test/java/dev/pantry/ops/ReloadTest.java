package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.PrometheusText;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live reload through POST /admin/reload, re-reading a real config file with the flags given at start. */
class ReloadTest {
  private static final String ADMIN = "admin-secret";

  @TempDir
  Path dir;

  private FakeUpstream first;
  private FakeUpstream second;
  private TestMirror server;
  private URI base;
  private Path configFile;

  @BeforeEach
  void start() throws Exception {
    first = FakeUpstream.start("ci", "token-one");
    second = FakeUpstream.start("ci", "token-two");
    for (FakeUpstream u : List.of(first, second)) {
      u.addPrivate(WheelBuilder.build("alpha", "1.0", List.of(), null));
      u.addPrivate(WheelBuilder.build("beta", "1.0", List.of(), null));
      u.addPrivate(WheelBuilder.build("gamma", "1.0", List.of(), null));
    }
    Files.writeString(dir.resolve("admin"), ADMIN);
    configFile = dir.resolve("pantry.properties");
    writeConfig(first, "token-one", "10m");
    ConfigLoader loader = new ConfigLoader(Map.of());
    ConfigLoader.Flags flags = ConfigLoader.Flags.of(configFile, dir.resolve("data"));
    PantryConfig initial = loader.resolve(flags);
    server = TestMirror.of(initial).reloadFrom(() -> loader.resolve(flags)).start();
    base = server.base();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    first.close();
    second.close();
  }

  private void writeConfig(FakeUpstream upstream, String token, String ttl) throws Exception {
    Files.writeString(dir.resolve("token"), token + "\n");
    Files.writeString(configFile, String.join("\n",
        "listen = 127.0.0.1:0",
        "upstream.main.url = " + upstream.registryIndexUrl(),
        "upstream.main.username = ci",
        "upstream.main.password-file = " + dir.resolve("token"),
        "admin-token-file = " + dir.resolve("admin"),
        "page-ttl = " + ttl,
        "access-log = off",
        ""));
  }

  private HttpResponse<byte[]> reload(String... headers) {
    return Http.post(base.resolve("admin/reload"), headers);
  }

  private static String basic(String token) {
    return "Basic " + Base64.getEncoder().encodeToString(("ci:" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> authorizations(FakeUpstream upstream, String project) {
    return upstream.requests().stream()
        .filter(r -> r.origin().equals("registry") && r.path().endsWith("/" + project + "/"))
        .map(r -> String.valueOf(r.header("Authorization")))
        .toList();
  }

  @Test
  void reload_rotatedCredentialAndNewUrl_nextRequestUsesThem() throws Exception {
    assertEquals(200, Http.get(base.resolve("simple/alpha/")).statusCode());
    assertEquals(List.of(basic("token-one")), authorizations(first, "alpha"));

    writeConfig(second, "token-two", "10m");
    HttpResponse<byte[]> r = reload("Authorization", "Bearer " + ADMIN);
    assertEquals(200, r.statusCode(), Http.body(r));
    assertTrue(Http.body(r).contains("upstream main: URL changed"), Http.body(r));
    assertTrue(Http.body(r).contains("upstream main: credentials changed"), Http.body(r));
    assertTrue(!Http.body(r).contains("token-two"), "the body must not show the secret");

    HttpResponse<byte[]> beta = Http.get(base.resolve("simple/beta/"));
    assertEquals(200, beta.statusCode());
    assertEquals(List.of(basic("token-two")), authorizations(second, "beta"));
    assertEquals(List.of(), authorizations(first, "beta"));
    assertEquals(1, PrometheusText.parse(Http.text(base.resolve("metrics")))
        .sum("pantry_config_reloads_total", "result", "applied"));
  }

  @Test
  void reload_shorterTtl_appliesToTheNextRequest() {
    URI alpha = base.resolve("simple/alpha/");
    assertEquals("MISS", Http.get(alpha).headers().firstValue("X-Pantry-Cache").orElseThrow());
    assertEquals("HIT", Http.get(alpha).headers().firstValue("X-Pantry-Cache").orElseThrow());
    try {
      writeConfig(first, "token-one", "0s");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    HttpResponse<byte[]> r = reload("Authorization", "Bearer " + ADMIN);
    assertEquals(200, r.statusCode());
    assertTrue(Http.body(r).contains("page-ttl 10m 0s -> 0ms"), Http.body(r));
    assertNotEquals("HIT", Http.get(alpha).headers().firstValue("X-Pantry-Cache").orElseThrow());
    assertEquals(2, first.count("registry", "/alpha/"));
  }

  @Test
  void reload_badConfig_isRejectedAndTheOldOneKeepsWorking() throws Exception {
    Files.writeString(configFile, Files.readString(configFile).replace("page-ttl = 10m", "page-ttl = banana"));
    HttpResponse<byte[]> r = reload("Authorization", "Bearer " + ADMIN);
    assertEquals(400, r.statusCode());
    assertTrue(Http.body(r).startsWith("config rejected, the running config stays: page-ttl: not a duration"),
        Http.body(r));

    writeConfig(second, "ignored", "10m");
    Files.delete(dir.resolve("token"));
    HttpResponse<byte[]> missing = reload("Authorization", "Bearer " + ADMIN);
    assertEquals(400, missing.statusCode());
    assertTrue(Http.body(missing).contains("password-file: cannot read"), Http.body(missing));

    // Still the first upstream with the first token.
    assertEquals(200, Http.get(base.resolve("simple/gamma/")).statusCode());
    assertEquals(List.of(basic("token-one")), authorizations(first, "gamma"));
    assertEquals(0, second.requests().size());
    assertEquals(2, PrometheusText.parse(Http.text(base.resolve("metrics")))
        .sum("pantry_config_reloads_total", "result", "rejected"));
  }

  @Test
  void reload_withoutTheAdminToken_isRefused() {
    assertEquals(401, reload().statusCode());
    assertEquals(401, reload("Authorization", "Bearer wrong").statusCode());
    assertEquals(401, reload("Authorization", "Basic " + ADMIN).statusCode());
    assertEquals(401, Http.get(base.resolve("admin/reload")).statusCode(), "the token is checked first, whatever the path");
    assertEquals(405, Http.get(base.resolve("admin/reload"), "Authorization", "Bearer " + ADMIN).statusCode());
    assertEquals(404, Http.post(base.resolve("admin/reloadx"), "Authorization", "Bearer " + ADMIN).statusCode());
  }

  @Test
  void reload_whileARequestIsInFlight_thatRequestFinishesWithTheOldConfig() throws Exception {
    first.stall(Duration.ofSeconds(2));
    CompletableFuture<HttpResponse<byte[]>> inFlight =
        CompletableFuture.supplyAsync(() -> Http.get(base.resolve("simple/gamma/")));
    for (int i = 0; i < 400 && first.count("registry", "/gamma/") == 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(1, first.count("registry", "/gamma/"), "the request never reached the upstream");

    writeConfig(second, "token-two", "10m");
    assertEquals(200, reload("Authorization", "Bearer " + ADMIN).statusCode());
    HttpResponse<byte[]> done = inFlight.get();
    first.stall(Duration.ZERO);

    assertEquals(200, done.statusCode());
    assertEquals("MISS", done.headers().firstValue("X-Pantry-Cache").orElseThrow());
    assertEquals(List.of(basic("token-one")), authorizations(first, "gamma"));
    assertEquals(200, Http.get(base.resolve("simple/beta/")).statusCode());
    assertEquals(List.of(basic("token-two")), authorizations(second, "beta"));
  }
}
