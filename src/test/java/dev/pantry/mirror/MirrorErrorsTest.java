package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients see when something is wrong: a 4xx or 5xx with one plain line, never a 500, a stack or a secret. */
class MirrorErrorsTest {
  static final Wheel DEMO = WheelBuilder.build("pantry-demo", "1.0", List.of(), null);

  @TempDir
  Path data;

  TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
  }

  private void start(UnaryOperator<PantryConfig> tweak) throws Exception {
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).config(tweak).start();
    mirror.upstream.addPrivate(DEMO);
  }

  private void start() throws Exception {
    start(c -> c.withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100,
        Duration.ofSeconds(1))));
  }

  /** A one-line plain-text error body that names no secret. */
  private static void assertPlainOneLiner(HttpResponse<byte[]> response) {
    String body = text(response);
    assertTrue(header(response, "Content-Type").startsWith("text/plain"), header(response, "Content-Type"));
    assertTrue(body.endsWith("\n") && body.strip().lines().count() == 1, body);
    assertNoSecret(body);
  }

  static void assertNoSecret(String text) {
    assertFalse(text.contains(TestMirror.TOKEN), text);
    assertFalse(text.contains(TestMirror.BASIC.substring("Basic ".length())), text);
  }

  @Test
  void unknownProject_noUpstreamHasIt_is404OneLine() throws Exception {
    start();

    HttpResponse<byte[]> response = mirror.get("simple/no-such-project/");

    assertEquals(404, response.statusCode(), text(response));
    assertPlainOneLiner(response);
    assertTrue(text(response).contains("no-such-project"), text(response));
    // The registry sent the mirror to the public index, which was asked and said no.
    assertEquals(1, mirror.upstream.count("public", "/simple/no-such-project/"));
  }

  @Test
  void fileNotListed_is404WithoutAskingForIt() throws Exception {
    start();
    mirror.get("simple/pantry-demo/");

    HttpResponse<byte[]> notListed = mirror.get("files/main/pantry-demo/pantry_demo-9.9-py3-none-any.whl");
    HttpResponse<byte[]> otherUpstream = mirror.get("files/elsewhere/pantry-demo/" + DEMO.filename());
    HttpResponse<byte[]> unknownProject = mirror.get("files/main/no-such-project/x-1.0-py3-none-any.whl");

    assertEquals(404, notListed.statusCode());
    assertPlainOneLiner(notListed);
    assertEquals(404, otherUpstream.statusCode());
    assertEquals(404, unknownProject.statusCode());
    assertEquals(0, mirror.upstream.count("storage", ""), "nothing unlisted was fetched");
  }

  @Test
  void hostileTargets_are4xxNeverServerErrorNorFileContents() throws Exception {
    start();
    Files.writeString(data.resolve("secret.txt"), "root:x:0:0 TOP-SECRET-CONTENT");
    mirror.get("simple/pantry-demo/");
    String longName = "a".repeat(5000);
    List<String> targets = List.of(
        "/files/main/../../etc/passwd",
        "/files/main/pantry-demo/..%2F..%2Fetc%2Fpasswd",
        "/files/main/pantry-demo/..%2F..%2F..%2Fsecret.txt",
        "/files/main/pantry-demo/%2e%2e/%2e%2e/secret.txt",
        "/files/main/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/files/main/pantry-demo/..\\..\\secret.txt",
        "/files/main/pantry-demo/..%5C..%5Csecret.txt",
        "/simple/../etc/passwd",
        "/simple/%2e%2e/%2e%2e/etc/passwd",
        "/simple/..%2F..%2Fetc%2Fpasswd/",
        "/files/main/pantry-demo/" + DEMO.filename() + "%00.txt",
        "/files/main/pantry-demo/%00",
        "/simple/pantry-demo%00/",
        "/simple/%00/",
        "/simple/" + longName + "/",
        "/simple/" + "a".repeat(300) + "/",
        "/files/main/pantry-demo/" + "a".repeat(300) + ".whl",
        "/files/main/" + longName + "/x.whl",
        "/files/main/x/y/z/w",
        "/files/main/pantry-demo/",
        "/files/main/pantry-demo",
        "/files/",
        "/files//pantry-demo/x.whl",
        "/files/MAIN/pantry-demo/" + DEMO.filename(),
        "/files/main/Pantry.Demo/" + DEMO.filename(),
        "/simple/pantry-demo/extra/",
        "/simple/-bad-/",
        "/nope",
        "/%2e%2e/%2e%2e/etc/passwd");
    List<String> failures = new ArrayList<>();

    for (String target : targets) {
      RawHttp.Answer answer = RawHttp.get(mirror.base(), target);
      boolean clientError = answer.status() >= 400 && answer.status() < 500;
      boolean leaked = answer.raw().contains("root:") || answer.raw().contains("TOP-SECRET")
          || answer.raw().contains("Exception") || answer.raw().contains("at dev.pantry");
      if (!clientError || leaked) {
        failures.add(target.substring(0, Math.min(target.length(), 80)) + " -> " + answer.raw()
            .substring(0, Math.min(answer.raw().length(), 300)));
      }
    }

    assertEquals(List.of(), failures);
    assertEquals(200, mirror.get("simple/pantry-demo/").statusCode(), "still healthy");
  }

  @Test
  void upstreamDown_nothingCached_is502() throws Exception {
    start();
    mirror.upstream.down(true);

    HttpResponse<byte[]> page = mirror.get("simple/pantry-demo/");
    HttpResponse<byte[]> root = mirror.get("simple/");

    assertEquals(502, page.statusCode(), text(page));
    assertPlainOneLiner(page);
    assertEquals(502, root.statusCode(), text(root));
  }

  @Test
  void upstreamDown_fileWhosePageWasNeverFetched_is502Not404() throws Exception {
    start();
    mirror.upstream.down(true);

    HttpResponse<byte[]> response = mirror.get("files/main/pantry-demo/" + DEMO.filename());

    // The mirror cannot tell whether the file exists: a 404 would tell the client it does not.
    assertEquals(502, response.statusCode(), text(response));
    assertPlainOneLiner(response);
  }

  @Test
  void upstreamStallsPastPageTimeout_is504() throws Exception {
    start(c -> c
        .withTimeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, Duration.ofSeconds(1))));
    mirror.upstream.stall(Duration.ofSeconds(5));

    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/");

    assertEquals(504, response.statusCode(), text(response));
    assertPlainOneLiner(response);
  }

  @Test
  void upstreamStallsOnAFile_pastIdleTimeout_is504AndNothingCached() throws Exception {
    start(c -> c
        .withTimeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, Duration.ofSeconds(1))));
    assertEquals(200, mirror.get("simple/pantry-demo/").statusCode());
    mirror.upstream.stall(Duration.ofSeconds(5));

    HttpResponse<byte[]> response = mirror.get("files/main/pantry-demo/" + DEMO.filename());

    assertEquals(504, response.statusCode(), text(response));
    assertPlainOneLiner(response);
    assertEquals(0, mirror.blobCount());
  }

  @Test
  void malformedUpstreamJson_is502NamingNoSecret() throws Exception {
    start();
    mirror.upstream.setPageBody("pantry-demo", "application/vnd.pypi.simple.v1+json", "{\"files\": [ garbage");

    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/");

    assertEquals(502, response.statusCode(), text(response));
    assertPlainOneLiner(response);
  }

  @Test
  void upstreamRefusesCredentials_is502NamingNoSecret() throws Exception {
    mirror = TestMirror.on(data).credentials(new dev.pantry.config.Credentials.Basic(TestMirror.USER,
        dev.pantry.config.Secret.of(TestMirror.TOKEN + "-wrong"))).start();
    mirror.upstream.addPrivate(DEMO);

    HttpResponse<byte[]> response = mirror.get("simple/pantry-demo/");

    assertEquals(502, response.statusCode(), text(response));
    assertPlainOneLiner(response);
    assertTrue(text(response).contains("credentials"), text(response));
  }

  @Test
  void wrongMethod_is405WithAllow() throws Exception {
    start();

    HttpResponse<byte[]> post = TestMirror.send("POST", mirror.uri("simple/pantry-demo/"));
    HttpResponse<byte[]> delete = TestMirror.send("DELETE", mirror.uri("files/main/pantry-demo/" + DEMO.filename()));

    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", header(post, "Allow"));
    assertEquals(405, delete.statusCode());
    assertPlainOneLiner(delete);
  }

  @Test
  void postToRoot_is405SayingTheMirrorIsReadOnly() throws Exception {
    start();

    HttpResponse<byte[]> upload = TestMirror.send("POST", mirror.uri(""), "Content-Type", "multipart/form-data");

    assertEquals(405, upload.statusCode(), "not a redirect that twine would report as a failed upload");
    assertEquals("GET, HEAD", header(upload, "Allow"));
    assertPlainOneLiner(upload);
    assertTrue(text(upload).contains("read-only mirror"), text(upload));
  }
}
