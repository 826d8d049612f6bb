package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.PIP_ACCEPT;
import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project pages through the mirror: links rewritten to the mirror, every PEP field kept, negotiation, names. */
class MirrorPagesTest {
  static final Wheel DEMO = WheelBuilder.build("Pantry_Demo", "1.0", List.of(), ">=3.8");
  static final Wheel YANKED = WheelBuilder.build("Pantry_Demo", "0.9", List.of(), null);
  static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

  @TempDir
  Path data;

  TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).start();
    mirror.upstream.addPrivate(DEMO);
    mirror.upstream.addPrivate(YANKED, "broken <build>");
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  @Test
  void projectPage_html_linksPointAtMirrorWithEveryFieldKept() throws Exception {
    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/", "Accept", "text/html");
    String html = text(response);

    assertEquals(200, response.statusCode(), html);
    assertTrue(header(response, "Content-Type").startsWith("text/html"), header(response, "Content-Type"));
    assertEquals("Accept, Accept-Encoding", header(response, "Vary"));
    List<String> hrefs = hrefs(html);
    assertEquals(2, hrefs.size(), html);
    assertTrue(hrefs.contains("../../files/main/pantry-demo/" + DEMO.filename() + "#sha256=" + DEMO.sha256()), html);
    assertTrue(hrefs.contains("../../files/main/pantry-demo/" + YANKED.filename() + "#sha256=" + YANKED.sha256()),
        html);
    assertNoUpstreamHost(html);
    assertTrue(html.contains("data-requires-python=\"&gt;=3.8\""), html);
    assertTrue(html.contains("data-yanked=\"broken &lt;build&gt;\""), html);
    assertTrue(html.contains("data-core-metadata=\"sha256=" + DEMO.metadataSha256() + "\""), html);
    assertTrue(html.contains("data-dist-info-metadata=\"sha256=" + DEMO.metadataSha256() + "\""), html);
  }

  @Test
  void projectPage_pipAccept_isPep691JsonWithMirrorUrlsAndMetadata() throws Exception {
    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/", "Accept", PIP_ACCEPT);
    String json = text(response);
    List<String> fields = jsonScalars(response.body());

    assertEquals(200, response.statusCode(), json);
    assertEquals("application/vnd.pypi.simple.v1+json", header(response, "Content-Type"));
    assertEquals("Accept, Accept-Encoding", header(response, "Vary"));
    assertTrue(fields.contains("url=../../files/main/pantry-demo/" + DEMO.filename()), fields.toString());
    assertTrue(fields.contains("sha256=" + DEMO.sha256()), fields.toString());
    assertTrue(fields.contains("requires-python=>=3.8"), fields.toString());
    assertTrue(fields.contains("yanked=broken <build>"), fields.toString());
    assertTrue(fields.contains("size=" + DEMO.size()), fields.toString());
    assertTrue(fields.stream().anyMatch(f -> f.matches("upload-time=2024-01-01T00:0\\d:00\\.000000Z")),
        fields.toString());
    assertTrue(json.contains("\"core-metadata\":{\"sha256\":\"" + DEMO.metadataSha256() + "\"}"), json);
    assertTrue(json.contains("\"dist-info-metadata\":{\"sha256\":\"" + DEMO.metadataSha256() + "\"}"), json);
    assertNoUpstreamHost(json);
  }

  @Test
  void projectPage_yankedWithoutReason_bareAttributeAndJsonTrue() throws Exception {
    Wheel bare = WheelBuilder.build("pantry-bare", "1.0", List.of(), null);
    mirror.upstream.addPrivate(bare, "");

    String html = text(mirror.get("simple/pantry-bare/", "Accept", "text/html"));
    List<String> json = jsonScalars(mirror.get("simple/pantry-bare/", "Accept", PIP_ACCEPT).body());

    assertTrue(html.contains(" data-yanked>") || html.contains(" data-yanked "), html);
    assertFalse(html.contains("data-yanked=\""), html);
    assertTrue(json.contains("yanked=true"), json.toString());
  }

  @Test
  void projectPage_qValues_highestWins() throws Exception {
    HttpResponse<byte[]> json = mirror.get("simple/pantry-demo/", "Accept",
        "text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.9");
    HttpResponse<byte[]> html = mirror.get("simple/pantry-demo/", "Accept",
        "application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.8");
    HttpResponse<byte[]> htmlV1 = mirror.get("simple/pantry-demo/", "Accept",
        "application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json;q=0.5");
    HttpResponse<byte[]> excluded = mirror.get("simple/pantry-demo/", "Accept", "*/*, text/html;q=0");

    assertEquals("application/vnd.pypi.simple.v1+json", header(json, "Content-Type"));
    assertTrue(header(html, "Content-Type").startsWith("text/html"), header(html, "Content-Type"));
    assertEquals("application/vnd.pypi.simple.v1+html", header(htmlV1, "Content-Type"));
    assertFalse(header(excluded, "Content-Type").startsWith("text/html"), header(excluded, "Content-Type"));
    assertEquals(200, excluded.statusCode());
  }

  @Test
  void projectPage_nothingAcceptable_is406WithOneLineAndNoUpstreamFetch() throws Exception {
    mirror.upstream.reset();
    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/", "Accept", "image/png, text/html;q=0");

    assertEquals(406, response.statusCode());
    assertEquals(List.of(), mirror.upstream.requests(), "negotiation comes before any fetch");
    assertEquals(1, text(response).strip().lines().count(), text(response));
    assertEquals("Accept, Accept-Encoding", header(response, "Vary"));
  }

  @Test
  void projectPage_doubledSlash_is301ToTheCanonicalPath() throws Exception {
    // Built by hand: URI.resolve would collapse the doubled slash before it is sent.
    HttpResponse<byte[]> response = TestMirror.send("GET", URI.create(mirror.base() + "simple//pantry-demo/"));

    assertEquals(301, response.statusCode(), text(response));
    assertEquals(mirror.uri("simple/pantry-demo/"), redirectTarget(response));
    assertEquals(200, mirror.get(redirectTarget(response).getPath()).statusCode());
  }

  @Test
  void projectPage_notNormalized_is301ToNormalizedUrl() throws Exception {
    HttpResponse<byte[]> response = mirror.get("simple/Pantry.Demo/");

    assertEquals(301, response.statusCode());
    assertEquals(mirror.uri("simple/pantry-demo/"), redirectTarget(response));
    assertEquals(200, mirror.get(redirectTarget(response).getPath()).statusCode());
  }

  @Test
  void projectPage_withoutTrailingSlash_is301ToSlash() throws Exception {
    HttpResponse<byte[]> lower = mirror.get("simple/pantry-demo");
    HttpResponse<byte[]> mixed = mirror.get("simple/Pantry__Demo");

    assertEquals(301, lower.statusCode());
    assertEquals(mirror.uri("simple/pantry-demo/"), redirectTarget(lower));
    assertEquals(301, mixed.statusCode());
    assertEquals(mirror.uri("simple/pantry-demo/"), redirectTarget(mixed));
  }

  @Test
  void root_withoutSlash_is301AndRootListsProjects() throws Exception {
    HttpResponse<byte[]> redirect = mirror.get("simple");
    HttpResponse<byte[]> root = mirror.get("simple/");

    assertEquals(301, redirect.statusCode());
    assertEquals(mirror.uri("simple/"), redirectTarget(redirect));
    assertEquals(200, root.statusCode(), text(root));
    assertTrue(hrefs(text(root)).contains("pantry-demo/"), text(root));
  }

  @Test
  void projectPage_secondRequest_isHitWithoutUpstreamAndRevalidatesTo304() throws Exception {
    HttpResponse<byte[]> first = mirror.get("simple/pantry-demo/");
    mirror.upstream.reset();

    HttpResponse<byte[]> second = mirror.get("simple/pantry-demo/");
    HttpResponse<byte[]> conditional = mirror.get("simple/pantry-demo/", "If-None-Match", header(second, "ETag"));

    assertEquals("MISS", header(first, "X-Pantry-Cache"));
    assertEquals("HIT", header(second, "X-Pantry-Cache"));
    assertEquals(List.of(), mirror.upstream.requests());
    assertEquals(304, conditional.statusCode());
    assertEquals(0, conditional.body().length);
  }

  private URI redirectTarget(HttpResponse<?> response) {
    return response.uri().resolve(header(response, "Location"));
  }

  private void assertNoUpstreamHost(String body) {
    for (String authority : mirror.upstreamAuthorities()) {
      assertFalse(body.contains(authority), authority + " in " + body);
    }
    assertFalse(body.contains("/api/v4/"), body);
    assertFalse(body.contains("bucket"), body);
  }

  static List<String> hrefs(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      out.add(m.group(1).replace("&amp;", "&"));
    }
    return out;
  }

  /** Every scalar of a JSON document as {@code field=value}, in document order. */
  static List<String> jsonScalars(byte[] json) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      String field = "";
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          field = p.currentName();
        } else if (t.isScalarValue()) {
          out.add(field + "=" + p.getText());
        }
      }
    }
    return out;
  }
}
