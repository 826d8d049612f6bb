package dev.pantry.ops;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.OpsSettings;
import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.metrics.Metrics;
import dev.pantry.ops.ClientAddress;
import dev.pantry.ops.RateLimiter;
import dev.pantry.upstream.UpstreamGate;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits per client for the handlers: the request bucket every request takes, and per request an
 * {@link UpstreamGate} that takes from the stricter upstream bucket only when the request must reach an upstream.
 * Limits are read from the live config on every request, so a reload changes them at once.
 *
 * <p>The gate also holds the mirror's capacity for upstream work: at most {@code threads.upstream} requests wait on
 * upstreams at once (fetching, or following a fetch), each holding its place until its response completes. Past it,
 * the answer is a 503 at once rather than a thread parked behind a slow upstream: on Java 17, where a waiting request
 * holds a pool thread, that keeps the rest of the pool for hits, pages, health and metrics.
 */
public final class Throttle {
  private final RateLimiter limiter;
  private final LiveConfig config;
  private final Metrics metrics;
  private final Semaphore upstreamPlaces;
  private final int upstreamCapacity;

  public Throttle(RateLimiter limiter, LiveConfig config, Metrics metrics) {
    this.limiter = limiter;
    this.config = config;
    this.metrics = metrics;
    this.upstreamCapacity = config.get().sizing().upstreamWaiters();
    this.upstreamPlaces = new Semaphore(upstreamCapacity);
  }

  /** The client's address: the peer, or what a trusted proxy's header says. */
  public String client(Request request) {
    OpsSettings ops = config.get().ops();
    String peer = Request.getRemoteAddr(request);
    List<String> values = ops.clientIpHeader() == null || ops.trustedProxies().isEmpty()
        ? List.of()
        : request.getHeaders().getValuesList(ops.clientIpHeader());
    return ClientAddress.resolve(peer, values, ops.trustedProxies());
  }

  /**
   * Takes a token from the client's request bucket for {@code route}; over the limit, answers 429 and returns false.
   * Routes without a limit of their own share one bucket.
   */
  boolean admit(Request request, Response response, Callback callback, String route) {
    OpsSettings.RateLimits limits = config.get().ops().rateLimits();
    OpsSettings.Limit limit = limits.forRoute(route);
    if (limit.isOff()) {
      return true;
    }
    String bucket = limit == limits.general() ? "request" : "request:" + route;
    RateLimiter.Decision d = limiter.take(bucket, client(request), limit);
    if (d.allowed()) {
      return true;
    }
    metrics.rateLimited(route, "request");
    HttpProblems.send(response, callback, Problem.of(Problem.Kind.RATE_LIMITED, "too many requests; retry in "
        + d.retryAfterSeconds() + "s").retryAfter(d.retryAfterSeconds()));
    return false;
  }

  /** A gate for one request: asked before it contacts an upstream. */
  public UpstreamGate upstreamGate(Request request) {
    return new Gate(request, client(request), RouteLabel.of(request.getHttpURI().getPath()));
  }

  /** Requests holding a place for upstream work now. */
  public int upstreamWaiting() {
    return upstreamCapacity - upstreamPlaces.availablePermits();
  }

  /** One request's gate. */
  final class Gate implements UpstreamGate {
    private final Request request;
    private final String client;
    private final String route;
    private final AtomicBoolean holding = new AtomicBoolean();

    private Gate(Request request, String client, String route) {
      this.request = request;
      this.client = client;
      this.route = route;
    }

    @Override
    public @Nullable Problem enter() {
      Problem place = takePlace();
      if (place != null) {
        return place;
      }
      RateLimiter.Decision d = limiter.take("upstream", client, config.get().ops().rateLimits().upstream());
      if (d.allowed()) {
        return null;
      }
      metrics.rateLimited(route, "upstream");
      return Problem.of(Problem.Kind.RATE_LIMITED,
          "too many requests that need the upstream; retry in " + d.retryAfterSeconds() + "s")
          .retryAfter(d.retryAfterSeconds());
    }

    @Override
    public @Nullable Problem join() {
      return takePlace();
    }

    /** One place per request, however often it asks; given back when its response completes. */
    private @Nullable Problem takePlace() {
      if (holding.get()) {
        return null;
      }
      if (!upstreamPlaces.tryAcquire()) {
        metrics.rateLimited(route, "capacity");
        return Problem.of(Problem.Kind.UNAVAILABLE, "the mirror is busy: " + upstreamCapacity
            + " requests are waiting on upstreams; retry shortly").retryAfter(2);
      }
      holding.set(true);
      Request.addCompletionListener(request, failure -> {
        if (holding.compareAndSet(true, false)) {
          upstreamPlaces.release();
        }
      });
      return null;
    }
  }
}
