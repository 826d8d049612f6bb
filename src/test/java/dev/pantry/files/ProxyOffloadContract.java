package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.IpRange;
import dev.pantry.config.OpsSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real front proxy, configured from its shipped example in {@code conf/}, in front of Pantry with offload on: cached
 * files come from the proxy (ranges included), misses stream through Pantry. Skipped when the proxy is not installed.
 */
abstract class ProxyOffloadContract {
  @TempDir
  Path dir;

  private FakeUpstream upstream;
  private TestMirror server;
  private @Nullable Process proxy;
  private URI front;
  private final Wheel wheel = WheelBuilder.build("offloaded", "1.0", List.of(), null);

  /** The proxy's executable name, looked up on PATH and in the sbin directories. */
  abstract String binaryName();

  /**
   * Writes the proxy's config (from the shipped example) under {@code prefix} and returns the command that runs it in
   * the foreground.
   */
  abstract ProcessBuilder command(Path binary, Path prefix, int port, int pantryPort, Path blobs) throws IOException;

  @BeforeEach
  void start() throws Exception {
    Path binary = binary(binaryName());
    Assumptions.assumeTrue(binary != null, binaryName() + " is not installed");
    upstream = FakeUpstream.start("ci", "secret-token");
    upstream.addPublic(wheel);
    Path data = dir.resolve("data");
    PantryConfig c = PantryConfig.of(new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()),
        data);
    server = TestMirror.of(c.withOps(c.ops().withOffload(OpsSettings.Offload.NGINX, null)
        .withClientIp("X-Forwarded-For", List.of(IpRange.parse("127.0.0.1"))))).start();
    int port = freePort();
    Path prefix = Files.createDirectories(dir.resolve("proxy"));
    proxy = command(binary, prefix, port, server.base().getPort(), data.resolve("blobs"))
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("output.log").toFile())
        .start();
    front = URI.create("http://127.0.0.1:" + port + "/");
    awaitFront();
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
        proxy.destroyForcibly();
      }
    }
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private static @Nullable Path binary(String name) {
    for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Replaces a line of a shipped example, which must still contain it. */
  static String replace(String conf, String from, String to) {
    assertTrue(conf.contains(from), "the shipped example no longer contains: " + from);
    return conf.replace(from, to);
  }

  private void awaitFront() throws Exception {
    for (int i = 0; i < 200; i++) {
      if (!proxy.isAlive()) {
        throw new AssertionError("the proxy exited: " + Files.readString(dir.resolve("proxy/output.log")));
      }
      try {
        if (Http.get(front.resolve("healthz")).statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the proxy never answered: " + Files.readString(dir.resolve("proxy/output.log")));
  }

  private URI file(URI base) {
    return base.resolve("files/main/offloaded/" + wheel.filename());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("(none)");
  }

  @Test
  void throughProxy_missStreamsThroughPantryThenHitComesFromTheProxy() {
    HttpResponse<byte[]> miss = Http.get(file(front));
    assertEquals(200, miss.statusCode());
    assertEquals("MISS", header(miss, "X-Pantry-Cache"));
    assertArrayEquals(wheel.bytes(), miss.body());

    HttpResponse<byte[]> hit = Http.get(file(front));
    assertEquals(200, hit.statusCode());
    assertArrayEquals(wheel.bytes(), hit.body());
    assertEquals("HIT", header(hit, "X-Pantry-Cache"));
    assertEquals("\"" + wheel.sha256() + "\"", header(hit, "ETag"));
    assertEquals("application/octet-stream", header(hit, "Content-Type"));
    assertEquals("public, max-age=31536000, immutable", header(hit, "Cache-Control"));
    assertEquals(Integer.toString(wheel.size()), header(hit, "Content-Length"));
    assertFalse(hit.headers().firstValue("X-Accel-Redirect").isPresent());
    assertEquals(1, upstream.count("public", wheel.filename()));
  }

  @Test
  void throughProxy_rangeOnCachedFile_isServedByTheProxy() {
    assertEquals(200, Http.get(file(front)).statusCode());
    HttpResponse<byte[]> part = Http.get(file(front), "Range", "bytes=10-99");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 10-99/" + wheel.size(), header(part, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(wheel.bytes(), 10, 100), part.body());
    assertEquals("HIT", header(part, "X-Pantry-Cache"));

    HttpResponse<byte[]> tail = Http.get(file(front), "Range", "bytes=-16");
    assertEquals(206, tail.statusCode());
    assertArrayEquals(Arrays.copyOfRange(wheel.bytes(), wheel.size() - 16, wheel.size()), tail.body());
  }

  @Test
  void throughProxy_headOnCachedFile_hasTheLength() throws Exception {
    assertEquals(200, Http.get(file(front)).statusCode());
    HttpResponse<Void> head = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(file(front)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(200, head.statusCode());
    assertEquals(Integer.toString(wheel.size()), header(head, "Content-Length"));
  }

  @Test
  void directToPantry_cachedFile_isAnEmptyRedirectForTheProxy() {
    assertEquals(200, Http.get(file(server.base())).statusCode());
    HttpResponse<byte[]> r = Http.get(file(server.base()));
    assertEquals(200, r.statusCode());
    assertEquals(0, r.body().length);
    String sha = wheel.sha256();
    assertEquals("/_pantry_blobs/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha,
        header(r, "X-Accel-Redirect"));
  }

  @Test
  void throughProxy_internalLocation_isNotReachable() {
    String sha = wheel.sha256();
    assertEquals(200, Http.get(file(front)).statusCode());
    assertEquals(404, Http.get(front.resolve("_pantry_blobs/" + sha.substring(0, 2) + "/" + sha.substring(2, 4)
        + "/" + sha)).statusCode());
  }

  @Test
  void throughProxy_indexPage_isProxied() {
    HttpResponse<byte[]> r = Http.get(front.resolve("simple/offloaded/"), "Accept", "text/html");
    assertEquals(200, r.statusCode());
    assertTrue(Http.body(r).contains(wheel.filename()));
  }
}
