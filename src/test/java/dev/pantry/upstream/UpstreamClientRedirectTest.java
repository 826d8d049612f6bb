package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.testing.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Redirects are followed by our own loop: statuses, relative targets, loops, the hop limit, schemes. */
class UpstreamClientRedirectTest {
  private Origin origin;
  private UpstreamClient client;
  private UpstreamConfig upstream;

  @BeforeEach
  void start() throws Exception {
    origin = Origin.start("test", "127.0.0.1", null);
    upstream = new UpstreamConfig("pypi", origin.url("/simple/"), Credentials.none());
    client = new UpstreamClient(
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1 << 20,
        RetryPolicy.defaults());
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    origin.close();
  }

  private Outcome<byte[]> fetch(String pathQuery) {
    return client.fetchPage(upstream, origin.url(pathQuery), Outcome.Validators.none(), "text/html");
  }

  private static String body(Outcome<byte[]> outcome) {
    var fetched = assertInstanceOf(Outcome.Fetched.class, outcome);
    return new String((byte[]) fetched.body(), StandardCharsets.UTF_8);
  }

  private static Problem problem(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Failed.class, outcome).problem();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void fetchPage_redirectStatus_isFollowed(int status) {
    origin.on("/simple/old/", Origin.redirect(status, origin.url("/simple/new/").toString()))
        .on("/simple/new/", Origin.text(200, "new page"));

    Outcome<byte[]> outcome = fetch("/simple/old/");

    assertEquals("new page", body(outcome));
    assertEquals(origin.url("/simple/new/"), ((Outcome.Fetched<byte[]>) outcome).finalUrl());
  }

  @Test
  void fetchPage_relativeLocation_resolvedAgainstCurrentUrl() {
    origin.on("/simple/a/b/", Origin.redirect(302, "../c/?page=2#top"))
        .on("/simple/a/c/", Origin.text(200, "relative"));

    Outcome<byte[]> outcome = fetch("/simple/a/b/");

    assertEquals("relative", body(outcome));
    assertEquals(origin.url("/simple/a/c/?page=2"), ((Outcome.Fetched<byte[]>) outcome).finalUrl());
  }

  @Test
  void fetchPage_redirectLoop_failsAndStops() {
    origin.on("/simple/a/", Origin.redirect(302, "/simple/b/"))
        .on("/simple/b/", Origin.redirect(302, "/simple/a/#again"));

    Problem problem = problem(fetch("/simple/a/"));

    assertEquals(Problem.Kind.UPSTREAM_FAILED, problem.kind());
    assertTrue(problem.message().startsWith("redirect loop at "), problem.message());
    assertEquals(2, origin.seen().size(), "a loop is not retried");
  }

  @Test
  void fetchPage_tenRedirects_followed() {
    chain(10);

    assertEquals("end of chain", body(fetch("/hop/0")));
  }

  @Test
  void fetchPage_elevenRedirects_fails() {
    chain(11);

    Problem problem = problem(fetch("/hop/0"));

    assertTrue(problem.message().startsWith("too many redirects"), problem.message());
    assertEquals(11, origin.seen().size(), "the first request and ten redirects, no retry");
  }

  /** /hop/0 redirects to /hop/1 ... to /hop/n, which answers 200. */
  private void chain(int redirects) {
    for (int i = 0; i < redirects; i++) {
      origin.on("/hop/" + i, Origin.redirect(302, "/hop/" + (i + 1)));
    }
    origin.on("/hop/" + redirects, Origin.text(200, "end of chain"));
  }

  @Test
  void fetchPage_nonHttpLocation_rejected() {
    origin.on("/simple/", Origin.redirect(302, "ftp://user:pw@files.example/pub/x?sig=1"));

    Problem problem = problem(fetch("/simple/"));

    assertEquals("upstream redirected to a non-http(s) URL (scheme ftp)", problem.message());
  }

  @Test
  void fetchPage_redirectWithoutLocation_fails() {
    origin.on("/simple/", Origin.text(302, "where?"));

    Problem problem = problem(fetch("/simple/"));

    assertEquals("upstream sent a redirect without a usable Location", problem.message());
  }

  @Test
  void fetchPage_locationWithSpace_isEscapedAndFollowed() {
    origin.on("/simple/", Origin.redirect(302, "/files/my pkg.tar.gz"))
        .on("/files/my pkg.tar.gz", Origin.text(200, "escaped"));

    assertEquals("escaped", body(fetch("/simple/")));
  }

  @Test
  void openFile_redirect_followedAndFinalUrlReported() throws Exception {
    origin.on("/files/a.whl", Origin.redirect(301, "/files/b.whl"))
        .on("/files/b.whl", Origin.text(200, "bytes"));

    Outcome<FileStream> outcome = client.openFile(upstream, origin.url("/files/a.whl"));

    var fetched = assertInstanceOf(Outcome.Fetched.class, outcome);
    try (FileStream file = (FileStream) fetched.body()) {
      assertEquals(origin.url("/files/b.whl"), file.finalUrl());
      assertEquals(5, file.contentLength());
      assertEquals("bytes", new String(file.body().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
