package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.testing.BrokenServer;
import dev.pantry.testing.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statuses, retries, timeouts and broken connections all come back as values. */
class UpstreamClientFailureTest {
  private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40));

  private final CountDownLatch release = new CountDownLatch(1);
  private Origin origin;
  private UpstreamConfig upstream;
  private UpstreamClient client;

  @BeforeEach
  void start() throws Exception {
    origin = Origin.start("test", "127.0.0.1", null);
    upstream = new UpstreamConfig("pypi", origin.url("/simple/"), Credentials.none());
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1 << 20,
        FAST_RETRIES);
  }

  private static UpstreamClient client(Timeouts timeouts, long maxPageBytes, RetryPolicy retry) throws Exception {
    UpstreamClient client = new UpstreamClient(timeouts, maxPageBytes, retry);
    client.start();
    return client;
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    client.stop();
    origin.close();
  }

  private Outcome<byte[]> fetch(String pathQuery) {
    return client.fetchPage(upstream, origin.url(pathQuery), Outcome.Validators.none(), "text/html");
  }

  private static Problem problem(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Failed.class, outcome).problem();
  }

  /** A responder that blocks (until the test ends, at most 10 s) before answering anything. */
  private Origin.Responder stall() {
    return (request, response, callback) -> {
      release.await(10, TimeUnit.SECONDS);
      Origin.send(response, callback, 200, "text/html", "too late");
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 410})
  void fetchPage_goneOrMissing_notFoundWithoutRetry(int status) {
    origin.on("/simple/nope/", Origin.text(status, "no"));

    var notFound = assertInstanceOf(Outcome.NotFound.class, fetch("/simple/nope/"));

    assertEquals(status, notFound.status());
    assertEquals(1, origin.seen().size());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void fetchPage_serverError_retriedThenFailedWithStatus(int status) {
    origin.on("/simple/x/", Origin.text(status, "down"));

    Problem problem = problem(fetch("/simple/x/"));

    assertEquals(Problem.Kind.UPSTREAM_FAILED, problem.kind());
    assertEquals("upstream answered " + status, problem.message());
    assertEquals(FAST_RETRIES.maxAttempts(), origin.seen().size());
  }

  @Test
  void fetchPage_serverErrorThenSuccess_retrySucceeds() {
    origin.on("/simple/x/", (request, response, callback) -> Origin.send(response, callback,
        origin.seen().size() < 2 ? 503 : 200, "text/html", "recovered"));

    assertInstanceOf(Outcome.Fetched.class, fetch("/simple/x/"));
    assertEquals(2, origin.seen().size());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void fetchPage_refused_failsWithoutRetry(int status) {
    origin.on("/simple/x/", Origin.text(status, "no"));

    Problem problem = problem(fetch("/simple/x/"));

    assertEquals("upstream requires credentials (" + status + ")", problem.message());
    assertEquals(1, origin.seen().size());
  }

  @Test
  void fetchPage_otherClientError_failsWithoutRetry() {
    origin.on("/simple/x/", Origin.text(418, "teapot"));

    assertEquals("upstream answered unexpected status 418", problem(fetch("/simple/x/")).message());
    assertEquals(1, origin.seen().size());
  }

  @Test
  void fetchPage_nothingListening_cannotConnect() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/simple/");
    UpstreamConfig dead = new UpstreamConfig("dead", url, Credentials.none());

    Problem problem = problem(client.fetchPage(dead, url, Outcome.Validators.none(), ""));

    assertEquals(Problem.Kind.UPSTREAM_FAILED, problem.kind());
    assertEquals("cannot connect to 127.0.0.1:" + port, problem.message());
  }

  @Test
  void fetchPage_unknownHost_cannotConnect() {
    URI url = URI.create("http://no-such-host.invalid/simple/");
    UpstreamConfig unknown = new UpstreamConfig("unknown", url, Credentials.none());

    Problem problem = problem(client.fetchPage(unknown, url, Outcome.Validators.none(), ""));

    assertEquals("cannot connect to no-such-host.invalid:80", problem.message());
  }

  @Test
  void fetchPage_serverStallsPastPageTimeout_upstreamTimeout() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300)), 1 << 20,
        RetryPolicy.none());
    // Headers and part of the body arrive at once; the rest never does, so only the page timeout can end it.
    origin.on("/simple/slow/", (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 100);
      Content.Sink.write(response, false, "partial", org.eclipse.jetty.util.Callback.NOOP);
      release.await(10, TimeUnit.SECONDS);
      callback.failed(new IOException("test over"));
    });

    Problem problem = problem(fetch("/simple/slow/"));

    assertEquals(Problem.Kind.UPSTREAM_TIMEOUT, problem.kind());
    assertEquals("upstream timed out after 0.3s", problem.message());
  }

  @Test
  void fetchPage_dripPastPageTimeoutWithRetriesLeft_oneTryBecauseTheTimeoutIsATotal() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300)), 1 << 20,
        FAST_RETRIES);
    origin.on("/simple/drip/", (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 100);
      Content.Sink.write(response, false, "partial", org.eclipse.jetty.util.Callback.NOOP);
      release.await(10, TimeUnit.SECONDS);
      callback.failed(new IOException("test over"));
    });

    Problem problem = problem(fetch("/simple/drip/"));

    assertEquals(Problem.Kind.UPSTREAM_TIMEOUT, problem.kind());
    assertEquals(1, origin.seen().size(), "no retry once timeout.page is spent: it bounds what a client waits");
  }

  @Test
  void openFile_serverStallsPastIdleTimeout_upstreamTimeoutAndRetried() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)), 1 << 20,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
    origin.on("/files/slow.whl", stall());

    Problem problem = problem(client.openFile(upstream, origin.url("/files/slow.whl")));

    assertEquals(Problem.Kind.UPSTREAM_TIMEOUT, problem.kind());
    assertEquals("upstream timed out after 0.3s", problem.message());
    assertEquals(2, origin.seen().size());
  }

  @Test
  void openFile_serverStallsMidBody_readThrows() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)), 1 << 20,
        RetryPolicy.none());
    origin.on("/files/half.whl", (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 100);
      Content.Sink.write(response, false, "first bytes", org.eclipse.jetty.util.Callback.NOOP);
      release.await(10, TimeUnit.SECONDS);
      callback.failed(new IOException("test over"));
    });

    var fetched = assertInstanceOf(Outcome.Fetched.class, client.openFile(upstream, origin.url("/files/half.whl")));

    try (FileStream file = (FileStream) fetched.body()) {
      IOException e = assertThrows(IOException.class, () -> file.body().readAllBytes());
      assertEquals("upstream timed out after 0.3s", e.getMessage());
    }
  }

  @Test
  void fetchPage_connectionClosedMidBody_failedAfterRetries() throws Exception {
    try (BrokenServer broken = new BrokenServer()) {
      URI url = broken.url("/simple/");
      UpstreamConfig brokenUpstream = new UpstreamConfig("broken", url, Credentials.none());

      Problem problem = problem(client.fetchPage(brokenUpstream, url, Outcome.Validators.none(), ""));

      assertEquals(Problem.Kind.UPSTREAM_FAILED, problem.kind());
      assertEquals("upstream closed the connection", problem.message());
      assertEquals(FAST_RETRIES.maxAttempts(), broken.connections.get());
    }
  }

  @Test
  void openFile_connectionClosedMidBody_readThrowsNotEof() throws Exception {
    try (BrokenServer broken = new BrokenServer()) {
      URI url = broken.url("/files/x.whl");
      UpstreamConfig brokenUpstream = new UpstreamConfig("broken", url, Credentials.none());

      var fetched = assertInstanceOf(Outcome.Fetched.class, client.openFile(brokenUpstream, url));

      try (FileStream file = (FileStream) fetched.body(); InputStream in = file.body()) {
        assertEquals(1000, file.contentLength());
        byte[] buffer = new byte[4096];
        IOException e = assertThrows(IOException.class, () -> {
          for (int i = 0; i < 1000 && in.read(buffer) != -1; i++) {
            // drain until it fails; an EOF here would be a silent truncation
          }
        });
        assertEquals("upstream closed the connection", e.getMessage());
      }
      assertEquals(1, client.health("broken").consecutiveFailures());
    }
  }

  @Test
  void fetchPage_declaredLengthOverLimit_tooLarge() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1000,
        FAST_RETRIES);
    origin.on("/simple/big/", Origin.text(200, "x".repeat(1001)));

    Problem problem = problem(fetch("/simple/big/"));

    assertEquals(Problem.Kind.TOO_LARGE, problem.kind());
    assertEquals("upstream page is larger than 1000 bytes", problem.message());
    assertEquals(1, origin.seen().size(), "too large is not retried");
  }

  @Test
  void fetchPage_chunkedBodyOverLimit_tooLarge() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 2 << 20,
        FAST_RETRIES);
    // No Content-Length: the limit must hold while reading.
    origin.on("/simple/big/", (request, response, callback) -> {
      try (var out = Content.Sink.asOutputStream(response)) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
      callback.succeeded();
    });

    Problem problem = problem(fetch("/simple/big/"));

    assertEquals(Problem.Kind.TOO_LARGE, problem.kind());
    assertEquals("upstream page is larger than 2 MB", problem.message());
  }

  @Test
  void fetchPage_pageAtLimit_fetched() throws Exception {
    client.stop();
    client = client(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1000,
        FAST_RETRIES);
    origin.on("/simple/ok/", Origin.text(200, "x".repeat(1000)));

    var fetched = assertInstanceOf(Outcome.Fetched.class, fetch("/simple/ok/"));

    assertEquals(1000, ((byte[]) fetched.body()).length);
  }

  @Test
  void fetchPage_chunkedBodyUnderLimit_isEveryByteInOrder() throws Exception {
    // No Content-Length: the body array grows as it is read, and comes back at exactly its size.
    byte[] body = new byte[300_001];
    new Random(3).nextBytes(body);
    origin.on("/simple/chunked/", (request, response, callback) -> {
      try (var out = Content.Sink.asOutputStream(response)) {
        for (int at = 0; at < body.length; at += 7_000) {
          out.write(body, at, Math.min(7_000, body.length - at));
          out.flush();
        }
      } catch (IOException e) {
        callback.failed(e);
        return;
      }
      callback.succeeded();
    });

    var fetched = assertInstanceOf(Outcome.Fetched.class, fetch("/simple/chunked/"));

    assertArrayEquals(body, (byte[]) fetched.body());
  }

  @Test
  void fetchPage_validators_sentAndReturned() {
    origin.on("/simple/x/", (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.ETAG, "\"v1\"");
      response.getHeaders().put(HttpHeader.LAST_MODIFIED, "Sat, 21 Nov 2026 10:00:00 GMT");
      boolean fresh = "\"v1\"".equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH));
      Origin.send(response, callback, fresh ? 304 : 200, "application/vnd.pypi.simple.v1+json", fresh ? "" : "{}");
    });

    var first = assertInstanceOf(Outcome.Fetched.class, client.fetchPage(upstream, origin.url("/simple/x/"),
        Outcome.Validators.none(), "application/vnd.pypi.simple.v1+json"));
    Outcome<byte[]> second = client.fetchPage(upstream, origin.url("/simple/x/"), first.validators(), "");

    assertEquals(new Outcome.Validators("\"v1\"", "Sat, 21 Nov 2026 10:00:00 GMT"), first.validators());
    assertEquals("application/vnd.pypi.simple.v1+json", first.contentType());
    assertEquals("application/vnd.pypi.simple.v1+json", origin.seen().get(0).headers().get("Accept"));
    assertEquals("Sat, 21 Nov 2026 10:00:00 GMT", origin.seen().get(1).headers().get("If-Modified-Since"));
    var notModified = assertInstanceOf(Outcome.NotModified.class, second);
    assertEquals(first.validators(), notModified.validators());
  }

  @Test
  void fetchPage_notModifiedWithoutValidators_keepsTheOnesSent() {
    origin.on("/simple/x/", Origin.text(304, ""));
    Outcome.Validators cached = new Outcome.Validators("W/\"abc\"", null);

    Outcome<byte[]> outcome = client.fetchPage(upstream, origin.url("/simple/x/"), cached, "");

    assertEquals(cached, assertInstanceOf(Outcome.NotModified.class, outcome).validators());
    assertEquals("W/\"abc\"", origin.seen().get(0).headers().get("If-None-Match"));
  }
}
