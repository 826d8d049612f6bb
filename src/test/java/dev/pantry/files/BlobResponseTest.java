package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory path for small blobs against Jetty's ResourceService path, through a real mirror. */
class BlobResponseTest {
  private static final List<String> SAME_HEADERS =
      List.of("content-type", "content-length", "etag", "last-modified", "accept-ranges", "cache-control");

  @TempDir Path data;
  private FakeUpstream upstream;
  private TestMirror mirror;
  private final HttpClient http = HttpClient.newHttpClient();
  private Wheel wheel;
  private URI fileUri;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start("user", "token");
    wheel = WheelBuilder.build("small-blob", "1.0", List.of(), null);
    upstream.addPublic(wheel);
    PantryConfig config = new ConfigLoader(Map.of()).resolve(new ConfigLoader.Flags(null, "127.0.0.1:0", data,
        upstream.publicIndexUrl().toString(), null, false));
    mirror = TestMirror.of(config).start();
    fileUri = mirror.base().resolve("files/main/small-blob/" + wheel.filename());
    // The page lists the file; the first GET downloads and caches it.
    assertEquals(200, get(mirror.base().resolve("simple/small-blob/")).statusCode());
    assertEquals(200, get(fileUri).statusCode());
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    upstream.close();
  }

  private HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void serve_plainGetAndAPassingPrecondition_sameBytesAndHeaders() throws Exception {
    HttpResponse<byte[]> memory = get(fileUri);
    // A precondition that holds is still a full 200, with the same headers.
    HttpResponse<byte[]> full = get(fileUri, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT");

    assertEquals(200, memory.statusCode());
    assertEquals(200, full.statusCode());
    assertArrayEquals(wheel.bytes(), memory.body());
    assertArrayEquals(wheel.bytes(), full.body());
    assertEquals("HIT", memory.headers().firstValue("x-pantry-cache").orElse(""));
    // Files are never compressed, so nothing varies by Accept-Encoding.
    assertEquals(List.of(), memory.headers().allValues("vary"));
    assertEquals(List.of(), full.headers().allValues("vary"));
    assertEquals("nosniff", memory.headers().firstValue("x-content-type-options").orElse(""));
    for (String name : SAME_HEADERS) {
      assertEquals(full.headers().allValues(name), memory.headers().allValues(name), name);
    }
  }

  @Test
  void serve_headOfCachedWheel_headersWithoutBody() throws Exception {
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(fileUri).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(wheel.size()), head.headers().firstValue("content-length").orElse(""));
    assertEquals(0, head.body().length);
  }

  @Test
  void serve_rangeOfCachedWheel_isStillPartial() throws Exception {
    HttpResponse<byte[]> part = get(fileUri, "Range", "bytes=0-9");

    assertEquals(206, part.statusCode());
    assertArrayEquals(Arrays.copyOf(wheel.bytes(), 10), part.body());
  }
}
