package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files through the mirror: verified, cached, served again without the upstream; credentials only where due. */
class MirrorFilesTest {
  static final Wheel DEMO = WheelBuilder.build("pantry-demo", "1.0", List.of(), ">=3.8");
  static final Wheel OPEN = WheelBuilder.build("open-lib", "2.0", List.of(), null);

  @TempDir
  Path data;

  TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
  }

  private TestMirror start(String credentials) throws Exception {
    Credentials c = credentials.equals("basic") ? TestMirror.basic() : TestMirror.privateToken();
    mirror = TestMirror.on(data).credentials(c).start();
    mirror.upstream.addPrivate(DEMO);
    mirror.upstream.addPublic(OPEN);
    return mirror;
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic", "header"})
  void privateFile_firstMissThenHit_bytesVerifiedAndCredentialsOnlyOnRegistry(String credentials) throws Exception {
    start(credentials);
    String expected = credentials.equals("basic")
        ? "Authorization=" + TestMirror.BASIC + " PRIVATE-TOKEN=null"
        : "Authorization=null PRIVATE-TOKEN=" + TestMirror.TOKEN;
    assertEquals(200, mirror.get("simple/pantry-demo/").statusCode());

    HttpResponse<byte[]> miss = mirror.get("files/main/pantry-demo/" + DEMO.filename());
    List<String> registrySaw = mirror.credentialsSeenBy("registry");
    List<String> storageSaw = mirror.credentialsSeenBy("storage");
    mirror.upstream.reset();
    HttpResponse<byte[]> hit = mirror.get("files/main/pantry-demo/" + DEMO.filename());

    assertEquals(200, miss.statusCode(), text(miss));
    assertArrayEquals(DEMO.bytes(), miss.body());
    assertEquals("MISS", header(miss, "X-Pantry-Cache"));
    assertEquals("\"" + DEMO.sha256() + "\"", header(miss, "ETag"));
    // The page and the file's 302 both carried the credentials; the pre-signed storage URL got none.
    assertEquals(2, registrySaw.size(), registrySaw.toString());
    registrySaw.forEach(seen -> assertEquals(expected, seen));
    assertEquals(List.of("Authorization=null PRIVATE-TOKEN=null"), storageSaw);

    assertEquals(200, hit.statusCode());
    assertArrayEquals(DEMO.bytes(), hit.body());
    assertEquals("HIT", header(hit, "X-Pantry-Cache"));
    assertEquals("\"" + DEMO.sha256() + "\"", header(hit, "ETag"));
    assertEquals(List.of(), mirror.upstream.requests());
    assertTrue(mirror.hasBlob(DEMO.sha256()), "blob stored under its sha256");
  }

  @Test
  void localVersionFile_linkFromThePageResolvesAndDownloads() throws Exception {
    start("basic");
    Wheel local = WheelBuilder.build("pantry-local", "1.0+cpu", List.of(), null);
    mirror.upstream.addPrivate(local);
    HttpResponse<byte[]> page = mirror.get("simple/pantry-local/");
    String href = MirrorPagesTest.hrefs(text(page)).get(0);

    HttpResponse<byte[]> file = TestMirror.send("GET", page.uri().resolve(href.substring(0, href.indexOf('#'))));

    assertEquals(200, file.statusCode(), href + " -> " + text(file));
    assertArrayEquals(local.bytes(), file.body());
  }

  @Test
  void metadataFile_fetchedVerifiedAndCached() throws Exception {
    start("basic");
    mirror.get("simple/pantry-demo/");

    HttpResponse<byte[]> miss = mirror.get("files/main/pantry-demo/" + DEMO.metadataFilename());
    mirror.upstream.reset();
    HttpResponse<byte[]> hit = mirror.get("files/main/pantry-demo/" + DEMO.metadataFilename());

    assertEquals(200, miss.statusCode(), text(miss));
    assertArrayEquals(DEMO.metadata(), miss.body());
    assertEquals("\"" + DEMO.metadataSha256() + "\"", header(miss, "ETag"));
    assertArrayEquals(DEMO.metadata(), hit.body());
    assertEquals("HIT", header(hit, "X-Pantry-Cache"));
    assertEquals(List.of(), mirror.upstream.requests());
    assertTrue(mirror.hasBlob(DEMO.metadataSha256()));
  }

  @Test
  void file_beforeAnyPageRequest_fetchesThePageItselfThenTheFile() throws Exception {
    start("basic");

    HttpResponse<byte[]> response = mirror.get("files/main/pantry-demo/" + DEMO.filename());

    assertEquals(200, response.statusCode(), text(response));
    assertArrayEquals(DEMO.bytes(), response.body());
  }

  @Test
  void cachedFile_conditionalAndRangeAndHead_answeredFromDisk() throws Exception {
    start("basic");
    mirror.get("simple/pantry-demo/");
    mirror.get("files/main/pantry-demo/" + DEMO.filename());
    mirror.upstream.reset();
    String path = "files/main/pantry-demo/" + DEMO.filename();

    HttpResponse<byte[]> notModified = mirror.get(path, "If-None-Match", "\"" + DEMO.sha256() + "\"");
    HttpResponse<byte[]> range = mirror.get(path, "Range", "bytes=0-9");
    HttpResponse<byte[]> head = TestMirror.send("HEAD", mirror.uri(path));

    assertEquals(304, notModified.statusCode());
    assertEquals(206, range.statusCode());
    assertArrayEquals(java.util.Arrays.copyOf(DEMO.bytes(), 10), range.body());
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(DEMO.size()), header(head, "Content-Length"));
    assertEquals(0, head.body().length);
    assertEquals(List.of(), mirror.upstream.requests());
  }

  @Test
  void headOnUncachedFile_answersWithLength_andCachesItBehind() throws Exception {
    start("basic");
    mirror.get("simple/pantry-demo/");
    String path = "files/main/pantry-demo/" + DEMO.filename();

    HttpResponse<byte[]> head = TestMirror.send("HEAD", mirror.uri(path));
    for (int i = 0; i < 200 && !header(TestMirror.send("HEAD", mirror.uri(path)), "X-Pantry-Cache").equals("HIT");
        i++) {
      Thread.sleep(25);
    }
    mirror.upstream.reset();
    HttpResponse<byte[]> get = mirror.get(path);

    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(DEMO.size()), header(head, "Content-Length"));
    assertEquals("HIT", header(get, "X-Pantry-Cache"));
    assertArrayEquals(DEMO.bytes(), get.body());
    assertEquals(List.of(), mirror.upstream.requests());
  }

  @Test
  void publicOnlyProject_registryRedirects_pageFromPublicWithMirrorLinks() throws Exception {
    start("basic");

    HttpResponse<byte[]> page = mirror.get("simple/open-lib/");
    String html = text(page);
    HttpResponse<byte[]> file = mirror.get("files/main/open-lib/" + OPEN.filename());
    HttpResponse<byte[]> metadata = mirror.get("files/main/open-lib/" + OPEN.metadataFilename());

    assertEquals(200, page.statusCode(), html);
    // The public page links "../../packages/<file>" relative to its own (final) URL, not the registry's.
    assertEquals(List.of("../../files/main/open-lib/" + OPEN.filename() + "#sha256=" + OPEN.sha256()),
        MirrorPagesTest.hrefs(html));
    for (String authority : mirror.upstreamAuthorities()) {
      assertFalse(html.contains(authority), html);
    }
    assertEquals(200, file.statusCode(), text(file));
    assertArrayEquals(OPEN.bytes(), file.body());
    assertArrayEquals(OPEN.metadata(), metadata.body());
    FakeUpstream.Recorded download = mirror.upstream.requests().stream()
        .filter(r -> r.path().endsWith("/packages/" + OPEN.filename())).findFirst().orElseThrow();
    assertEquals("public", download.origin());
    assertEquals(null, download.header("Authorization"), "no credentials to another origin");
  }

  @Test
  void publicOnlyProject_withPrivateTokenHeader_publicNeverSeesTheToken() throws Exception {
    start("header");

    HttpResponse<byte[]> file = mirror.get("files/main/open-lib/" + OPEN.filename());

    assertArrayEquals(OPEN.bytes(), file.body());
    List<String> publicSaw = mirror.credentialsSeenBy("public");
    assertFalse(publicSaw.isEmpty());
    publicSaw.forEach(seen -> assertEquals("Authorization=null PRIVATE-TOKEN=null", seen));
  }
}
