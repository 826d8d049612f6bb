package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream's circuit. CLOSED lets every exchange through; {@link BreakerPolicy#failureThreshold()} consecutive
 * transient failures (cannot connect, timeout, reset, 5xx — counted per exchange, after retries) open it. While OPEN
 * every exchange is refused at once, so a dead upstream costs callers nothing. After the cool-down it is HALF_OPEN and
 * lets exactly one probe through: a success closes it, a failure opens it again for another cool-down.
 *
 * <p>An answer that is not a transient failure (a 404, a 401, a page over the limit) proves the upstream is up: it
 * resets the count. Thread-safe.
 */
public final class CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

  /** A circuit's state. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final String upstreamId;
  private final BreakerPolicy policy;

  // All guarded by this.
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt = Instant.EPOCH;
  private boolean probeInFlight;
  private @Nullable Instant lastSuccess;
  private @Nullable Instant lastFailure;
  private @Nullable String lastError;
  private boolean credentialsRefused;

  private final Clock clock;

  CircuitBreaker(String upstreamId, BreakerPolicy policy, Clock clock) {
    this.upstreamId = Objects.requireNonNull(upstreamId, "upstreamId");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The current state; an OPEN circuit whose cool-down has passed reports HALF_OPEN. */
  public synchronized State state() {
    return currentState();
  }

  /** A snapshot of this circuit. */
  public synchronized UpstreamHealth health() {
    return new UpstreamHealth(upstreamId, currentState(), lastSuccess, lastFailure, lastError, consecutiveFailures,
        credentialsRefused);
  }

  /**
   * Asks to start an exchange. Returns null when it may proceed — the caller must then report exactly one of
   * {@link #onSuccess()}, {@link #onAnswered(String, boolean)}, {@link #onFailure(String)} or {@link #onAborted()} — or the problem to answer with.
   */
  synchronized @Nullable Problem tryAcquire() {
    switch (currentState()) {
      case CLOSED:
        return null;
      case HALF_OPEN:
        if (!probeInFlight) {
          probeInFlight = true;
          LOG.info("upstream {}: circuit half-open, letting one probe through", upstreamId);
          return null;
        }
        return Problem.of(Problem.Kind.UNAVAILABLE,
            "upstream circuit open after " + consecutiveFailures + " failures; a probe is under way");
      default:
        Duration left = policy.coolDown().minus(Duration.between(openedAt, clock.instant()));
        return Problem.of(Problem.Kind.UNAVAILABLE, "upstream circuit open after " + consecutiveFailures
            + " failures; retrying in " + Failures.seconds(left));
    }
  }

  /** The upstream answered usefully (2xx, 304, 404/410). */
  synchronized void onSuccess() {
    lastSuccess = clock.instant();
    credentialsRefused = false;
    close();
  }

  /**
   * The upstream answered, but not usefully (401/403, another 4xx, a page too large, a bad redirect).
   *
   * @param credentials whether it refused the credentials
   */
  synchronized void onAnswered(String error, boolean credentials) {
    lastFailure = clock.instant();
    lastError = error;
    credentialsRefused = credentials;
    close();
  }

  /**
   * The exchange ended through no fault of the upstream's (the mirror ran out of memory, or refused to buffer
   * another page): nothing is counted, and a probe under way may be tried again.
   */
  synchronized void onAborted() {
    probeInFlight = false;
  }

  /** A transient failure: cannot connect, timeout, reset, 5xx. */
  synchronized void onFailure(String error) {
    lastFailure = clock.instant();
    lastError = error;
    consecutiveFailures++;
    State now = currentState();
    if (now == State.HALF_OPEN || now == State.CLOSED && consecutiveFailures >= policy.failureThreshold()) {
      state = State.OPEN;
      openedAt = clock.instant();
      probeInFlight = false;
      LOG.warn("upstream {}: circuit open after {} consecutive failures (last: {}); next try in {}", upstreamId,
          consecutiveFailures, error, Failures.seconds(policy.coolDown()));
    }
  }

  private void close() {
    if (state != State.CLOSED) {
      LOG.info("upstream {}: circuit closed again", upstreamId);
    }
    state = State.CLOSED;
    consecutiveFailures = 0;
    probeInFlight = false;
  }

  private State currentState() {
    if (state == State.OPEN && Duration.between(openedAt, clock.instant()).compareTo(policy.coolDown()) >= 0) {
      state = State.HALF_OPEN;
    }
    return state;
  }

  @Override
  public synchronized String toString() {
    return "CircuitBreaker[" + upstreamId + ", " + state + ", failures=" + consecutiveFailures + "]";
  }
}
