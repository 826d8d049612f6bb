package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.Secret;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.Origin;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials go on every hop to the upstream's origin, and on no hop anywhere else. */
class UpstreamClientCredentialsTest {
  private static final String SECRET = "s3cr3t-token-do-not-print";

  private Origin registry; // the upstream's origin: 127.0.0.1:A
  private Origin storage; // another origin: localhost:B
  private Origin samehostOtherPort; // another origin: 127.0.0.1:C
  private UpstreamClient client;

  @BeforeEach
  void start() throws Exception {
    registry = Origin.start("test", "127.0.0.1", null);
    storage = Origin.start("test", "localhost", null);
    samehostOtherPort = Origin.start("test", "127.0.0.1", null);
    // Like S3 with a pre-signed URL: any credential header is a 400.
    Origin.Responder presigned = (request, response, callback) -> {
      boolean credentialed = request.getHeaders().contains("Authorization")
          || request.getHeaders().contains("PRIVATE-TOKEN");
      Origin.send(response, callback, credentialed ? 400 : 200, "application/octet-stream",
          credentialed ? "Only one auth mechanism allowed" : "wheel-bytes");
    };
    storage.on("/bucket/pkg.whl", presigned);
    samehostOtherPort.on("/bucket/pkg.whl", presigned);
    client = new UpstreamClient(
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1 << 20,
        RetryPolicy.none());
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    registry.close();
    storage.close();
    samehostOtherPort.close();
  }

  private UpstreamConfig upstream(Credentials credentials) {
    return new UpstreamConfig("gitlab", registry.url("/api/v4/projects/1/packages/pypi/simple/"), credentials);
  }

  @Test
  void fetchPage_sameOriginRedirectChain_sendsBasicOnEveryHop() {
    registry.on("/simple/a/", Origin.redirect(302, "/simple/b/"))
        .on("/simple/b/", Origin.redirect(302, registry.url("/simple/c/").toString()))
        .on("/simple/c/", Origin.text(200, "<html>ok</html>"));
    Credentials basic = new Credentials.Basic("alice", Secret.of(SECRET));

    Outcome<byte[]> outcome = client.fetchPage(upstream(basic), registry.url("/simple/a/"),
        Outcome.Validators.none(), "text/html");

    var fetched = assertInstanceOf(Outcome.Fetched.class, outcome);
    assertEquals(registry.url("/simple/c/"), fetched.finalUrl());
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
    assertEquals(3, registry.seen().size());
    for (Origin.Seen seen : registry.seen()) {
      assertEquals(expected, seen.headers().get("Authorization"), seen.pathQuery());
    }
  }

  @Test
  void openFile_redirectToOtherOrigin_sendsPrivateTokenOnlyToRegistry() throws Exception {
    registry.on("/files/pkg.whl", Origin.redirect(302, "/files/v2/pkg.whl"))
        .on("/files/v2/pkg.whl", Origin.redirect(302, storage.url("/bucket/pkg.whl?X-Amz-Signature=abc")
            .toString()));
    Credentials token = new Credentials.Header("PRIVATE-TOKEN", Secret.of(SECRET));

    Outcome<FileStream> outcome = client.openFile(upstream(token), registry.url("/files/pkg.whl"));

    var fetched = assertInstanceOf(Outcome.Fetched.class, outcome);
    try (FileStream file = (FileStream) fetched.body(); InputStream in = file.body()) {
      assertEquals("wheel-bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(2, registry.seen().size());
    registry.seen().forEach(s -> assertEquals(SECRET, s.headers().get("PRIVATE-TOKEN"), s.pathQuery()));
    List<Origin.Seen> stored = storage.seen("/bucket/pkg.whl");
    assertEquals(1, stored.size());
    assertNull(stored.get(0).headers().get("PRIVATE-TOKEN"));
    assertNull(stored.get(0).headers().get("Authorization"));
  }

  @Test
  void fetchPage_sameHostOtherPort_getsNoCredentials() {
    registry.on("/files/pkg.whl", Origin.redirect(307, samehostOtherPort.url("/bucket/pkg.whl").toString()));
    Credentials basic = new Credentials.Basic("alice", Secret.of(SECRET));

    Outcome<byte[]> outcome = client.fetchPage(upstream(basic), registry.url("/files/pkg.whl"),
        Outcome.Validators.none(), "");

    var fetched = assertInstanceOf(Outcome.Fetched.class, outcome);
    assertEquals("wheel-bytes", new String((byte[]) fetched.body(), StandardCharsets.UTF_8));
    assertNull(samehostOtherPort.seen().get(0).headers().get("Authorization"));
    assertTrue(registry.seen().get(0).headers().contains("Authorization"));
  }

  @Test
  void fetchPage_redirectBackToRegistry_sendsCredentialsAgain() {
    registry.on("/simple/x/", Origin.redirect(302, storage.url("/hop").toString()))
        .on("/simple/y/", Origin.text(200, "back"));
    storage.on("/hop", Origin.redirect(302, registry.url("/simple/y/").toString()));
    Credentials token = new Credentials.Header("PRIVATE-TOKEN", Secret.of(SECRET));

    Outcome<byte[]> outcome = client.fetchPage(upstream(token), registry.url("/simple/x/"),
        Outcome.Validators.none(), "text/html");

    assertInstanceOf(Outcome.Fetched.class, outcome);
    assertNull(storage.seen("/hop").get(0).headers().get("PRIVATE-TOKEN"));
    assertEquals(SECRET, registry.seen("/simple/y/").get(0).headers().get("PRIVATE-TOKEN"));
  }

  @Test
  void fetchPage_refusedCredentials_failureNeverShowsSecret() {
    registry.on("/simple/", Origin.text(401, "who are you"));
    Credentials basic = new Credentials.Basic("alice", Secret.of(SECRET));
    UpstreamConfig upstream = upstream(basic);

    Outcome<byte[]> outcome = client.fetchPage(upstream, registry.url("/simple/?token=" + "q"),
        Outcome.Validators.none(), "text/html");

    var failed = assertInstanceOf(Outcome.Failed.class, outcome);
    assertEquals("upstream refused the credentials (401)", failed.problem().message());
    String base64 = Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
    String everything = String.join("\n", client.toString(), client.dump(), outcome.toString(),
        client.health("gitlab").toString(), client.circuit("gitlab").toString(), upstream.toString(),
        RetryPolicy.defaults().toString(), BreakerPolicy.defaults().toString());
    assertFalse(everything.contains(SECRET), everything);
    assertFalse(everything.contains(base64), everything);
  }

  @Test
  void fetchPage_anyRequest_sendsPantryUserAgent() {
    registry.on("/simple/", Origin.text(200, "ok"));

    client.fetchPage(upstream(Credentials.none()), registry.url("/simple/"), Outcome.Validators.none(), "");

    assertTrue(registry.seen().get(0).headers().get("User-Agent").startsWith("Pantry/0.1"));
    assertFalse(registry.seen().get(0).headers().contains("Authorization"));
  }
}
