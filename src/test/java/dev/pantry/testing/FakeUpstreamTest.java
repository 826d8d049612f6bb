package dev.pantry.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeUpstreamTest {

  static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
  static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString("deploy:s3cret".getBytes(StandardCharsets.UTF_8));

  static final Wheel PRIVATE = WheelBuilder.build("Secret_Lib", "1.0", List.of("requests>=2"), ">=3.8");
  static final Wheel YANKED = WheelBuilder.build("Secret_Lib", "0.9", List.of(), null);
  static final Wheel PUBLIC = WheelBuilder.build("open-lib", "2.0", List.of(), "<4,>=3.7");

  static FakeUpstream upstream;
  static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    upstream = FakeUpstream.start("deploy", "s3cret");
    upstream.addPrivate(PRIVATE);
    upstream.addPrivate(YANKED, "broken <build>");
    upstream.addPublic(PUBLIC);
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  static HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
    return send("GET", uri, headers);
  }

  static HttpResponse<byte[]> send(String method, URI uri, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static String location(HttpResponse<?> response) {
    return response.headers().firstValue("Location").orElseThrow();
  }

  URI page(String project) {
    return upstream.registryIndexUrl().resolve(project + "/");
  }

  @Test
  void registry_withoutCredentials_is401WithBasicChallenge() throws Exception {
    HttpResponse<byte[]> response = get(page("secret-lib"));

    assertEquals(401, response.statusCode());
    assertEquals("Basic realm=\"gitlab\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
  }

  @Test
  void registry_wrongTokenEitherWay_is401() throws Exception {
    String wrongBasic = "Basic " + Base64.getEncoder().encodeToString("deploy:nope".getBytes(StandardCharsets.UTF_8));

    assertEquals(401, get(page("secret-lib"), "Authorization", wrongBasic).statusCode());
    assertEquals(401, get(page("secret-lib"), "PRIVATE-TOKEN", "nope").statusCode());
    assertEquals(401, get(upstream.registryIndexUrl().resolve("unknown/")).statusCode());
  }

  @Test
  void registry_withBasic_is200() throws Exception {
    assertEquals(200, get(page("secret-lib"), "Authorization", BASIC).statusCode());
  }

  @Test
  void registry_withPrivateToken_is200() throws Exception {
    assertEquals(200, get(page("secret-lib"), "PRIVATE-TOKEN", "s3cret").statusCode());
  }

  @Test
  void registryRoot_authorized_listsPrivateProjectsOnly() throws Exception {
    String html = text(get(upstream.registryIndexUrl(), "Authorization", BASIC));

    assertTrue(html.contains("<a href=\"secret-lib/\">secret-lib</a>"), html);
    assertTrue(!html.contains("open-lib"), html);
  }

  @Test
  void registryPage_noAccept_servesHtmlWithAbsoluteLinksAndEscapedAttributes() throws Exception {
    HttpResponse<byte[]> response = get(page("secret-lib"), "Authorization", BASIC);
    String html = text(response);

    assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    String fileUrl =
        upstream.registryIndexUrl().resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename()).toString();
    assertTrue(html.contains("<a href=\"" + fileUrl + "#sha256=" + PRIVATE.sha256() + "\""), html);
    assertTrue(fileUrl.startsWith("http://127.0.0.1:"), fileUrl);
    assertTrue(html.contains("data-requires-python=\"&gt;=3.8\""), html);
    assertTrue(html.contains("data-core-metadata=\"sha256=" + PRIVATE.metadataSha256() + "\""), html);
    assertTrue(html.contains("data-dist-info-metadata=\"sha256=" + PRIVATE.metadataSha256() + "\""), html);
    assertTrue(html.contains("data-yanked=\"broken &lt;build&gt;\">" + YANKED.filename() + "</a>"), html);
  }

  @Test
  void registryPage_pipAccept_servesPep691Json() throws Exception {
    HttpResponse<byte[]> response = get(page("secret-lib"), "Authorization", BASIC, "Accept", PIP_ACCEPT);
    List<String> fields = jsonStrings(response.body());

    assertEquals("application/vnd.pypi.simple.v1+json", response.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(fields.contains("api-version=1.1"), fields.toString());
    assertTrue(fields.contains("name=secret-lib"), fields.toString());
    assertTrue(fields.contains("url=" + upstream.registryIndexUrl()
        .resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename())), fields.toString());
    assertTrue(fields.contains("sha256=" + PRIVATE.sha256()), fields.toString());
    assertTrue(fields.contains("requires-python=>=3.8"), fields.toString());
    assertTrue(fields.contains("sha256=" + PRIVATE.metadataSha256()), fields.toString());
    assertTrue(fields.contains("yanked=broken <build>"), fields.toString());
    assertTrue(fields.contains("size=" + PRIVATE.size()), fields.toString());
    assertTrue(fields.contains("upload-time=2024-01-01T00:00:00.000000Z"), fields.toString());
  }

  @Test
  void registryPage_notNormalized_is301ToNormalized() throws Exception {
    HttpResponse<byte[]> response = get(upstream.registryIndexUrl().resolve("Secret.Lib"), "PRIVATE-TOKEN", "s3cret");

    assertEquals(301, response.statusCode());
    assertEquals(page("secret-lib"), upstream.registryIndexUrl().resolve(location(response)));
  }

  @Test
  void registryFile_authorized_redirectsToPresignedStorageServingTheWheel() throws Exception {
    URI file = upstream.registryIndexUrl().resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename());

    HttpResponse<byte[]> redirect = get(file, "Authorization", BASIC);
    URI storage = URI.create(location(redirect));
    HttpResponse<byte[]> download = get(storage);

    assertEquals(302, redirect.statusCode());
    assertEquals(upstream.storageBaseUrl().resolve("/bucket/" + PRIVATE.sha256()).getPath(), storage.getPath());
    assertTrue(storage.getRawAuthority().equals(upstream.storageBaseUrl().getRawAuthority()), storage.toString());
    assertTrue(storage.getQuery().matches("X-Amz-Signature=[0-9a-f]+&X-Amz-Expires=300"), storage.toString());
    assertEquals(200, download.statusCode());
    assertArrayEquals(PRIVATE.bytes(), download.body());
    assertEquals(String.valueOf(PRIVATE.size()), download.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void registryMetadataFile_authorized_redirectsToStorageServingMetadata() throws Exception {
    URI file = upstream.registryIndexUrl()
        .resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename() + ".metadata");

    HttpResponse<byte[]> redirect = get(file, "PRIVATE-TOKEN", "s3cret");
    HttpResponse<byte[]> download = get(URI.create(location(redirect)));

    assertEquals(302, redirect.statusCode());
    assertArrayEquals(PRIVATE.metadata(), download.body());
  }

  @Test
  void registryFile_withoutCredentials_is401() throws Exception {
    URI file = upstream.registryIndexUrl().resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename());

    assertEquals(401, get(file).statusCode());
  }

  @Test
  void storage_withAnyCredentialHeader_is400() throws Exception {
    URI signed = presigned();

    HttpResponse<byte[]> withBasic = get(signed, "Authorization", BASIC);
    HttpResponse<byte[]> withToken = get(signed, "PRIVATE-TOKEN", "s3cret");

    assertEquals(400, withBasic.statusCode());
    assertTrue(text(withBasic).contains("Only one auth mechanism allowed"), text(withBasic));
    assertEquals(400, withToken.statusCode());
  }

  @Test
  void storage_withoutSignature_is403() throws Exception {
    assertEquals(403, get(upstream.storageBaseUrl().resolve("/bucket/" + PRIVATE.sha256())).statusCode());
  }

  @Test
  void storage_head_givesLengthWithoutBody() throws Exception {
    HttpResponse<byte[]> response = send("HEAD", presigned());

    assertEquals(200, response.statusCode());
    assertEquals(String.valueOf(PRIVATE.size()), response.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, response.body().length);
  }

  @Test
  void registry_unknownProject_is302ToPublicIndex() throws Exception {
    HttpResponse<byte[]> response = get(page("open-lib"), "Authorization", BASIC);

    assertEquals(302, response.statusCode());
    assertEquals(upstream.publicIndexUrl().resolve("open-lib/").toString(), location(response));
  }

  @Test
  void publicPage_relativeLinks_resolveToTheWheelAndItsMetadata() throws Exception {
    URI pageUrl = upstream.publicIndexUrl().resolve("open-lib/");
    String html = text(get(pageUrl));

    Matcher href = Pattern.compile("href=\"([^\"#]+)#sha256=([0-9a-f]{64})\"").matcher(html);
    assertTrue(href.find(), html);
    assertEquals("../../packages/" + PUBLIC.filename(), href.group(1));
    assertEquals(PUBLIC.sha256(), href.group(2));
    assertTrue(html.contains("data-requires-python=\"&lt;4,&gt;=3.7\""), html);
    assertArrayEquals(PUBLIC.bytes(), get(pageUrl.resolve(href.group(1))).body());
    assertArrayEquals(PUBLIC.metadata(), get(pageUrl.resolve(href.group(1) + ".metadata")).body());
  }

  @Test
  void publicPage_jsonAccept_servesRelativeUrl() throws Exception {
    HttpResponse<byte[]> response = get(upstream.publicIndexUrl().resolve("open-lib/"), "Accept", PIP_ACCEPT);

    assertTrue(jsonStrings(response.body()).contains("url=../../packages/" + PUBLIC.filename()));
  }

  @Test
  void publicPage_unknownProject_is404() throws Exception {
    assertEquals(404, get(upstream.publicIndexUrl().resolve("secret-lib/")).statusCode());
  }

  private URI presigned() throws Exception {
    URI file = upstream.registryIndexUrl().resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename());
    return URI.create(location(get(file, "Authorization", BASIC)));
  }

  /** Every scalar in a JSON document as {@code field=value}, in document order. */
  static List<String> jsonStrings(byte[] json) throws IOException {
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
