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
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits per client for the handlers: the request bucket every request takes, and per request an
 * {@link UpstreamGate} that takes from the stricter upstream bucket only when the request must reach an upstream.
 * Limits are read from the live config on every request, so a reload changes them at once.
 */
public final class Throttle {
  private final RateLimiter limiter;
  private final LiveConfig config;
  private final Metrics metrics;

  public Throttle(RateLimiter limiter, LiveConfig config, Metrics metrics) {
    this.limiter = limiter;
    this.config = config;
    this.metrics = metrics;
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
    return new Gate(client(request), RouteLabel.of(request.getHttpURI().getPath()));
  }

  /** One request's gate. */
  final class Gate implements UpstreamGate {
    private final String client;
    private final String route;

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
      metrics.rateLimited(route, "upstream");
      return Problem.of(Problem.Kind.RATE_LIMITED,
          "too many requests that need the upstream; retry in " + d.retryAfterSeconds() + "s")
          .retryAfter(d.retryAfterSeconds());
    }

  }
}
