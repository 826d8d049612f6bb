package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One circuit per upstream: opens on consecutive transient failures, probes after a cool-down, closes on success. */
class CircuitBreakerTest {
  private static final BreakerPolicy POLICY = new BreakerPolicy(3, Duration.ofSeconds(30));

  private final TestClock clock = new TestClock();
  private final AtomicInteger status = new AtomicInteger(503);
  private Origin origin;
  private UpstreamConfig upstream;
  private UpstreamClient client;

  @BeforeEach
  void start() throws Exception {
    origin = Origin.start("test", "127.0.0.1", null);
    origin.on("/simple/x/", (request, response, callback) ->
        Origin.send(response, callback, status.get(), "text/html", "page"));
    upstream = new UpstreamConfig("flaky", origin.url("/simple/"), Credentials.none());
    client = new UpstreamClient(
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1 << 20,
        RetryPolicy.none(), POLICY, new dev.pantry.metrics.Metrics(), clock);
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    origin.close();
  }

  private Outcome<byte[]> fetch() {
    return client.fetchPage(upstream, origin.url("/simple/x/"), Outcome.Validators.none(), "");
  }

  /** Lets the cool-down pass: the circuit is OPEN just before its end and HALF_OPEN at it. */
  private void passCoolDown() {
    clock.advance(POLICY.coolDown().minusMillis(1));
    assertEquals(CircuitBreaker.State.OPEN, client.health("flaky").state());
    clock.advance(Duration.ofMillis(1));
    assertEquals(CircuitBreaker.State.HALF_OPEN, client.health("flaky").state());
  }

  private void failTimes(int n) {
    for (int i = 0; i < n; i++) {
      assertInstanceOf(Outcome.Failed.class, fetch());
    }
  }

  @Test
  void fetchPage_thresholdReached_opensAndAnswersWithoutNetwork() {
    failTimes(3);

    Outcome<byte[]> refused = fetch();

    Problem problem = assertInstanceOf(Outcome.Failed.class, refused).problem();
    assertEquals(Problem.Kind.UNAVAILABLE, problem.kind());
    assertTrue(problem.message().startsWith("upstream circuit open after 3 failures; retrying in 30"),
        problem.message());
    assertEquals(3, origin.seen().size(), "no request while open");
    UpstreamHealth health = client.health("flaky");
    assertEquals(CircuitBreaker.State.OPEN, health.state());
    assertEquals(3, health.consecutiveFailures());
    assertEquals("upstream answered 503", health.lastError());
    assertNotNull(health.lastFailure());
    assertNull(health.lastSuccess());
  }

  @Test
  void openFile_circuitOpen_refusedWithoutNetwork() {
    failTimes(3);

    Outcome<FileStream> refused = client.openFile(upstream, origin.url("/files/a.whl"));

    assertEquals(Problem.Kind.UNAVAILABLE, assertInstanceOf(Outcome.Failed.class, refused).problem().kind());
    assertEquals(3, origin.seen().size());
  }

  @Test
  void fetchPage_afterCoolDown_probeSuccessCloses() throws Exception {
    failTimes(3);
    passCoolDown();
    status.set(200);

    assertInstanceOf(Outcome.Fetched.class, fetch());

    UpstreamHealth health = client.health("flaky");
    assertEquals(CircuitBreaker.State.CLOSED, health.state());
    assertEquals(0, health.consecutiveFailures());
    assertNotNull(health.lastSuccess());
    assertEquals(4, origin.seen().size());
  }

  @Test
  void fetchPage_afterCoolDown_probeFailureReopens() throws Exception {
    failTimes(3);
    passCoolDown();

    assertInstanceOf(Outcome.Failed.class, fetch());

    assertEquals(CircuitBreaker.State.OPEN, client.health("flaky").state());
    assertEquals(4, origin.seen().size(), "exactly one probe went out");
    assertEquals(Problem.Kind.UNAVAILABLE, assertInstanceOf(Outcome.Failed.class, fetch()).problem().kind());
  }

  @Test
  void fetchPage_notFoundBetweenFailures_countsAsSuccess() {
    failTimes(2);
    status.set(404);
    assertInstanceOf(Outcome.NotFound.class, fetch());
    status.set(503);
    failTimes(2);

    assertEquals(CircuitBreaker.State.CLOSED, client.health("flaky").state());
    assertEquals(2, client.health("flaky").consecutiveFailures());
  }

  @Test
  void fetchPage_refusedCredentials_neverOpensButShowsInHealth() {
    status.set(401);
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(Outcome.Failed.class, fetch());
    }

    UpstreamHealth health = client.health("flaky");
    assertEquals(CircuitBreaker.State.CLOSED, health.state());
    assertEquals("upstream requires credentials (401)", health.lastError());
    assertEquals(5, origin.seen().size());
  }

  @Test
  void fetchPage_oneUpstreamOpen_otherUpstreamUnaffected() {
    failTimes(3);
    UpstreamConfig other = new UpstreamConfig("other", origin.url("/simple/"), Credentials.none());
    status.set(200);

    Outcome<byte[]> outcome = client.fetchPage(other, origin.url("/simple/x/"), Outcome.Validators.none(), "");

    assertInstanceOf(Outcome.Fetched.class, outcome);
    assertEquals(CircuitBreaker.State.OPEN, client.health("flaky").state());
  }

  @Test
  void tryAcquire_halfOpen_letsOnlyOneProbeThrough() {
    CircuitBreaker breaker = new CircuitBreaker("x", new BreakerPolicy(1, Duration.ZERO), clock);
    breaker.onFailure("upstream answered 502");

    Problem first = breaker.tryAcquire();
    Problem second = breaker.tryAcquire();
    breaker.onSuccess();

    assertNull(first);
    assertNotNull(second);
    assertEquals("upstream circuit open after 1 failures; a probe is under way", second.message());
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertNull(breaker.tryAcquire());
  }
}
