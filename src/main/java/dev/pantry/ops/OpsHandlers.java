package dev.pantry.ops;

import dev.pantry.config.OpsSettings;
import dev.pantry.metrics.Metrics;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** Puts the operational pieces around the mirror's routes: graceful stop, rate limits, request metrics, access log. */
public final class OpsHandlers {
  private OpsHandlers() {}

  /**
   * Makes {@code routes} the server's handler behind rate limits and a {@link GracefulHandler}: on stop, new requests
   * get 503 and those in flight get {@code shutdown.timeout} to finish. Installs the metrics, {@code history} (the
   * UI's request counts) and the access log, all written as each request finishes.
   */
  public static void install(Server server, Handler routes, Throttle throttle, Metrics metrics, OpsSettings ops,
      RequestLog history) {
    server.setHandler(new GracefulHandler(new RateLimitHandler(throttle, routes)));
    RequestLog counted = new RequestLog.Collection(new RequestMetrics(metrics), history);
    if (ops.accessLog() == OpsSettings.AccessLogFormat.OFF) {
      server.setRequestLog(counted);
    } else {
      AccessLog access = new AccessLog(ops.accessLog(), ops.accessLogPath(), throttle);
      server.addBean(access);
      server.setRequestLog(new RequestLog.Collection(counted, access));
    }
    server.setStopAtShutdown(true);
    server.setStopTimeout(ops.shutdownTimeout().toMillis());
  }
}
