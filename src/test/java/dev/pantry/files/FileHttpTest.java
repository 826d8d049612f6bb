package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.TestMirror;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files over HTTP as uv and pip use them: ETag, Cache-Control, HEAD, single and multipart ranges, 416, If-Range. */
class FileHttpTest {
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  @TempDir Path data;
  private GatedIndex origin;
  private TestMirror mirror;
  private GatedIndex.File file;
  private String path;

  @BeforeEach
  void start() throws Exception {
    origin = GatedIndex.start();
    file = origin.add("ranged", "ranged-1.0-py3-none-any.whl", 200_000, 11);
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data)).start();
    assertEquals(200, mirror.get("/simple/ranged/").statusCode());
    path = mirror.filePath("ranged", file.filename());
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    origin.close();
  }

  private HttpResponse<byte[]> cached() throws Exception {
    HttpResponse<byte[]> first = mirror.get(path);
    assertEquals(200, first.statusCode());
    return first;
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("");
  }

  @Test
  void get_miss_strongEtagAndImmutableCacheControl() throws Exception {
    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertEquals("MISS", header(r, "X-Pantry-Cache"));
    assertEquals("\"" + file.sha256() + "\"", header(r, "ETag"));
    assertEquals(IMMUTABLE, header(r, "Cache-Control"));
    assertArrayEquals(file.bytes(), r.body());
  }

  @Test
  void get_hit_strongEtagImmutableAndAcceptRanges() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path);

    assertEquals(200, r.statusCode());
    assertEquals("HIT", header(r, "X-Pantry-Cache"));
    assertEquals("\"" + file.sha256() + "\"", header(r, "ETag"));
    assertEquals(IMMUTABLE, header(r, "Cache-Control"));
    assertEquals("bytes", header(r, "Accept-Ranges"));
    assertArrayEquals(file.bytes(), r.body());
    assertEquals(1, origin.fileGets(file.filename()));
  }

  @Test
  void get_ifNoneMatchSha256_304WithoutBody() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "If-None-Match", "\"" + file.sha256() + "\"");

    assertEquals(304, r.statusCode());
    assertEquals(0, r.body().length);
  }

  @Test
  void head_cached_headersOnly() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.head(path);

    assertEquals(200, r.statusCode());
    assertEquals(String.valueOf(file.bytes().length), header(r, "Content-Length"));
    assertEquals("\"" + file.sha256() + "\"", header(r, "ETag"));
    assertEquals("bytes", header(r, "Accept-Ranges"));
    assertEquals(0, r.body().length);
  }

  @Test
  void head_uncached_answersFromTheListingAtOnce_whileTheDownloadGoesOnBehind() throws Exception {
    origin.closeGateAt(50_000); // the upstream stalls mid-file until the gate opens
    HttpResponse<byte[]> r = mirror.head(path);

    assertEquals(200, r.statusCode(), "answered while the download is held at the gate");
    assertEquals(String.valueOf(file.bytes().length), header(r, "Content-Length"));
    assertEquals("\"" + file.sha256() + "\"", header(r, "ETag"));
    assertEquals("MISS", header(r, "X-Pantry-Cache"));
    assertEquals(0, r.body().length);
    assertFalse(mirror.hasBlob(file.sha256()), "nothing is stored before it is verified");

    origin.open();
    for (int i = 0; i < 200 && !header(mirror.head(path), "X-Pantry-Cache").equals("HIT"); i++) {
      Thread.sleep(25);
    }
    assertTrue(mirror.hasBlob(file.sha256()), "the download behind the HEAD stored the file");
    HttpResponse<byte[]> get = mirror.get(path);
    assertEquals("HIT", header(get, "X-Pantry-Cache"));
    assertArrayEquals(file.bytes(), get.body());
    assertEquals(1, origin.fileGets(file.filename()));
  }

  @Test
  void range_single_206WithExactBytes() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=1000-1999");

    assertEquals(206, r.statusCode());
    assertEquals("bytes 1000-1999/" + file.bytes().length, header(r, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), 1000, 2000), r.body());
  }

  @Test
  void range_suffix_206WithTheLastBytes() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=-512");

    assertEquals(206, r.statusCode());
    int n = file.bytes().length;
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), n - 512, n), r.body());
  }

  @Test
  void range_multi_206MultipartWithEachPartExact() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=0-9,150000-150099");

    assertEquals(206, r.statusCode());
    String type = header(r, "Content-Type");
    assertTrue(type.startsWith("multipart/byteranges"), type);
    List<byte[]> parts = multipart(r.body(), type.substring(type.indexOf("boundary=") + 9).replace("\"", ""));
    assertEquals(2, parts.size());
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), 0, 10), parts.get(0));
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), 150000, 150100), parts.get(1));
  }

  @Test
  void range_beyondTheEnd_416WithTheSize() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=900000-");

    assertEquals(416, r.statusCode());
    assertEquals("bytes */" + file.bytes().length, header(r, "Content-Range"));
  }

  @Test
  void ifRange_matchingEtag_206() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=10-19", "If-Range", "\"" + file.sha256() + "\"");

    assertEquals(206, r.statusCode());
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), 10, 20), r.body());
  }

  @Test
  void ifRange_otherEtag_200WithTheWholeFile() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=10-19", "If-Range", "\"" + "0".repeat(64) + "\"");

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
  }

  @Test
  void ifRange_weakFormOfTheEtag_200WithTheWholeFile() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=10-19", "If-Range", "W/\"" + file.sha256() + "\"");

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
  }

  @Test
  void ifRange_lastModifiedDate_206() throws Exception {
    cached();
    String lastModified = header(mirror.head(path), "Last-Modified");
    assertTrue(!lastModified.isEmpty());

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=10-19", "If-Range", lastModified);

    assertEquals(206, r.statusCode());
    assertArrayEquals(Arrays.copyOfRange(file.bytes(), 10, 20), r.body());
  }

  @Test
  void ifRange_olderDate_200WithTheWholeFile() throws Exception {
    cached();

    HttpResponse<byte[]> r = mirror.get(path, "Range", "bytes=10-19", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT");

    assertEquals(200, r.statusCode());
    assertArrayEquals(file.bytes(), r.body());
  }

  /** The parts of a multipart/byteranges body, without their headers. */
  private static List<byte[]> multipart(byte[] body, String boundary) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    String delimiter = "--" + boundary;
    int at = text.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) {
        break;
      }
      int bodyStart = text.indexOf("\r\n\r\n", start) + 4;
      int next = text.indexOf("\r\n" + delimiter, bodyStart);
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      part.write(body, bodyStart, next - bodyStart);
      parts.add(part.toByteArray());
      at = next + 2;
    }
    return parts;
  }
}
