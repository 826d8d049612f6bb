package dev.pantry.web;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.OpsSettings;
import dev.pantry.error.Problem;
import dev.pantry.metrics.Metrics;
import dev.pantry.ops.ClientAddress;
import dev.pantry.ops.RateLimiter;
import dev.pantry.upstream.UpstreamGate;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits per client for the handlers: the request bucket every request takes, and per request an
 * {@link UpstreamGate} that takes from the stricter upstream bucket only when the request must reach an upstream.
 * Limits are read from the live config on every request, so a reload changes them at once.
 */
final class Throttle {
  private final RateLimiter limiter;
  private final LiveConfig config;
  private final Metrics metrics;

  Throttle(RateLimiter limiter, LiveConfig config, Metrics metrics) {
    this.limiter = limiter;
    this.config = config;
    this.metrics = metrics;
  }

  /** The client's address: the peer, or what a trusted proxy's header says. */
  String client(Request request) {
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
    reject(response, callback, Problem.of(Problem.Kind.RATE_LIMITED, "too many requests; retry in "
        + d.retryAfterSeconds() + "s"), d.retryAfterSeconds());
    return false;
  }

  /** A gate for one request: asked before it contacts an upstream. */
  Gate upstreamGate(Request request, String route) {
    return new Gate(client(request), route);
  }

  /** Answers 429 with Retry-After. */
  static void reject(Response response, Callback callback, Problem problem, long retryAfterSeconds) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Math.max(1, retryAfterSeconds));
    Responses.problem(response, callback, problem);
  }

  /** One request's gate; remembers how long the client must wait when it refused. */
  final class Gate implements UpstreamGate {
    private final String client;
    private final String route;
    private volatile long retryAfter;

    private Gate(String client, String route) {
      this.client = client;
      this.route = route;
    }

    @Override
    public @Nullable Problem enter() {
      RateLimiter.Decision d = limiter.take("upstream", client, config.get().ops().rateLimits().upstream());
      if (d.allowed()) {
        return null;
      }
      retryAfter = d.retryAfterSeconds();
      metrics.rateLimited(route, "upstream");
      return Problem.of(Problem.Kind.RATE_LIMITED,
          "too many requests that need the upstream; retry in " + d.retryAfterSeconds() + "s");
    }

    /** Answers {@code problem}, with Retry-After when it is this gate's refusal. */
    void answer(Response response, Callback callback, Problem problem) {
      if (problem.kind() == Problem.Kind.RATE_LIMITED) {
        reject(response, callback, problem, retryAfter);
      } else {
        Responses.problem(response, callback, problem);
      }
    }
  }
}
