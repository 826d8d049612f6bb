package dev.pantry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings for running the mirror in production: access log, rate limits, who the client is behind a proxy, file
 * offload to the front proxy, readiness and shutdown.
 *
 * @param accessLog         the access log format, or {@link AccessLogFormat#OFF}
 * @param accessLogPath     the file to append it to; null writes it to standard output
 * @param rateLimits        token buckets per client
 * @param clientIpHeader    a header naming the client (e.g. {@code X-Forwarded-For}), believed only when the request
 *                          comes from a trusted proxy; null means the TCP peer is the client
 * @param trustedProxies    addresses and CIDR blocks whose {@code clientIpHeader} is believed
 * @param offload           whether cached files are handed to the front proxy to send
 * @param offloadPrefix     what the blob path {@code ab/cd/<sha256>} is appended to: the proxy's internal location
 *                          for nginx ({@code /_pantry_blobs/}), the blob directory as the proxy sees it for
 *                          X-Sendfile; null means the default for the mode
 * @param readinessWindow   {@code /readyz} fails when an upstream's last exchange failed and it has not answered
 *                          within this window (offline mode skips the check)
 * @param shutdownTimeout   how long a stop waits for requests in flight
 * @param warmUp            whether the server runs its page pipeline over made-up pages once it listens, so the first
 *                          large page it fetches runs compiled code
 */
public record OpsSettings(
    AccessLogFormat accessLog,
    @Nullable Path accessLogPath,
    RateLimits rateLimits,
    @Nullable String clientIpHeader,
    List<IpRange> trustedProxies,
    Offload offload,
    @Nullable String offloadPrefix,
    Duration readinessWindow,
    Duration shutdownTimeout,
    boolean warmUp) {

  /** Default internal location for nginx's X-Accel-Redirect. */
  public static final String NGINX_PREFIX = "/_pantry_blobs/";

  public OpsSettings {
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(offload, "offload");
    Objects.requireNonNull(readinessWindow, "readinessWindow");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    trustedProxies = List.copyOf(trustedProxies);
    if (clientIpHeader != null && (clientIpHeader.isBlank() || !clientIpHeader.matches("[A-Za-z0-9-]+"))) {
      throw new IllegalArgumentException("client-ip-header must be a header name, got '" + clientIpHeader + "'");
    }
    if (readinessWindow.isNegative() || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("readiness window and shutdown timeout must not be negative");
    }
    if (offloadPrefix != null && (offloadPrefix.isBlank() || !offloadPrefix.endsWith("/"))) {
      throw new IllegalArgumentException("offload.prefix must end with '/', got '" + offloadPrefix + "'");
    }
    if (offload == Offload.NGINX && offloadPrefix != null && !offloadPrefix.startsWith("/")) {
      throw new IllegalArgumentException("offload.prefix for nginx must be a path starting with '/'");
    }
  }

  /**
   * Access log on (NCSA to standard output), no rate limits, no proxy trusted, no offload, 5 minute window, 30 s
   * stop, warm-up on.
   */
  public static OpsSettings defaults() {
    return new OpsSettings(AccessLogFormat.NCSA, null, RateLimits.off(), null, List.of(), Offload.NONE, null,
        Duration.ofMinutes(5), Duration.ofSeconds(30), true);
  }

  public OpsSettings withRateLimits(RateLimits r) {
    return new OpsSettings(accessLog, accessLogPath, r, clientIpHeader, trustedProxies, offload, offloadPrefix,
        readinessWindow, shutdownTimeout, warmUp);
  }

  public OpsSettings withOffload(Offload mode, @Nullable String prefix) {
    return new OpsSettings(accessLog, accessLogPath, rateLimits, clientIpHeader, trustedProxies, mode, prefix,
        readinessWindow, shutdownTimeout, warmUp);
  }

  public OpsSettings withAccessLog(AccessLogFormat format, @Nullable Path path) {
    return new OpsSettings(format, path, rateLimits, clientIpHeader, trustedProxies, offload, offloadPrefix,
        readinessWindow, shutdownTimeout, warmUp);
  }

  public OpsSettings withReadinessWindow(Duration window) {
    return new OpsSettings(accessLog, accessLogPath, rateLimits, clientIpHeader, trustedProxies, offload,
        offloadPrefix, window, shutdownTimeout, warmUp);
  }

  public OpsSettings withClientIp(@Nullable String header, List<IpRange> trusted) {
    return new OpsSettings(accessLog, accessLogPath, rateLimits, header, trusted, offload, offloadPrefix,
        readinessWindow, shutdownTimeout, warmUp);
  }

  /** The access log's format. */
  public enum AccessLogFormat {
    OFF,
    /** NCSA combined, then the cache status and the time taken in ms. */
    NCSA,
    /** One JSON object per line. */
    JSON
  }

  /** How a cached file reaches the client. */
  public enum Offload {
    /** Pantry sends the bytes. */
    NONE,
    /** {@code X-Accel-Redirect} to an internal nginx location (also what Caddy's handle_response example reads). */
    NGINX,
    /** {@code X-Sendfile} with a file path (Apache mod_xsendfile, lighttpd). */
    SENDFILE
  }

  /**
   * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. A rate of 0 means no limit.
   */
  public record Limit(double perSecond, int burst) {
    public static final Limit OFF = new Limit(0, 0);

    public Limit {
      if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("a rate limit must be a number of requests per second >= 0");
      }
      if (perSecond > 0 && burst < 1) {
        throw new IllegalArgumentException("a rate limit's burst must be at least 1");
      }
    }

    public boolean isOff() {
      return perSecond == 0;
    }
  }

  /**
   * Rate limits per client.
   *
   * @param general  every request (health, metrics and admin endpoints excepted)
   * @param simple   requests under {@code /simple/}, instead of {@code general}; null means {@code general}
   * @param files    requests under {@code /files/}, instead of {@code general}; null means {@code general}
   * @param upstream a second, usually stricter bucket, taken only when a request must go to an upstream (a file not
   *                 cached, a page past its TTL), so cache hits are limited by the first bucket alone
   */
  public record RateLimits(Limit general, @Nullable Limit simple, @Nullable Limit files, Limit upstream) {
    public RateLimits {
      Objects.requireNonNull(general, "general");
      Objects.requireNonNull(upstream, "upstream");
    }

    public static RateLimits off() {
      return new RateLimits(Limit.OFF, null, null, Limit.OFF);
    }

    /** The limit for a route label ({@code simple}, {@code files}, anything else gets {@code general}). */
    public Limit forRoute(String route) {
      if (route.equals("simple") && simple != null) {
        return simple;
      }
      if (route.equals("files") && files != null) {
        return files;
      }
      return general;
    }
  }
}
