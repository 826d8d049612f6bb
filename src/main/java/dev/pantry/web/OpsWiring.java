package dev.pantry.web;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.OpsSettings;
import dev.pantry.metrics.Metrics;
import dev.pantry.ops.ConfigReloader;
import dev.pantry.ops.Readiness;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/** Puts the operational pieces around the mirror's handlers: endpoints, rate limits, logs, graceful stop. */
final class OpsWiring {
  private OpsWiring() {}

  /** {@code /metrics}, {@code /healthz}, {@code /readyz} and {@code /admin/reload}. */
  static List<Router.Route> routes(Metrics metrics, Readiness readiness, ConfigReloader reloader, LiveConfig live) {
    HealthHandler health = new HealthHandler(readiness);
    return List.of(
        new Router.Route("/metrics", new MetricsHandler(metrics)),
        new Router.Route("/healthz", health),
        new Router.Route("/readyz", health),
        // Exactly this path; listed before any broader /admin/ route, since the first match wins.
        new Router.Route(ReloadHandler.PATH, new ReloadHandler(reloader, live)));
  }

  /**
   * Makes {@code handlers} the server's handler behind rate limits and a {@link GracefulHandler}: on stop, new
   * requests get 503 and those in flight get {@code shutdown.timeout} to finish. Installs the metrics and access logs.
   */
  static void install(Server server, Handler handlers, Throttle throttle, Metrics metrics, OpsSettings ops) {
    server.setHandler(new GracefulHandler(new RateLimitHandler(throttle, handlers)));
    RequestLog counted = new RequestMetrics(metrics);
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

  /** The database check for {@code /readyz}: a pooled connection that answers. */
  static Readiness.Check database(JdbcConnectionPool pool) {
    return () -> {
      try (Connection c = pool.getConnection()) {
        return c.isValid(2) ? null : "not answering";
      } catch (SQLException e) {
        return "unavailable (" + e.getSQLState() + ")";
      }
    };
  }

  /**
   * A bean that closes {@code resources} when the server stops, once. Added to the server first, it stops last: after
   * the graceful phase and the handlers, so requests finishing during the stop can still use them. Closing inside the
   * server's lifecycle matters on SIGTERM, where the JVM exits as soon as its shutdown hooks (Jetty's among them) end.
   */
  static final class Closer extends AbstractLifeCycle implements AutoCloseable {
    private final Runnable[] closers;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Each closer closes one resource, e.g. {@code meta::close}. */
    Closer(Runnable... closers) {
      this.closers = closers.clone();
    }

    @Override
    protected void doStop() {
      close();
    }

    /** Runs every closer in order, even when one fails; the first failure is thrown. */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      @Nullable RuntimeException first = null;
      for (Runnable c : closers) {
        try {
          c.run();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
