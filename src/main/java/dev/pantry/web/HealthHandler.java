package dev.pantry.web;

import dev.pantry.error.Problem;
import dev.pantry.ops.Readiness;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: 200 while the process serves requests at all (liveness). {@code /readyz}: 200 when the database,
 * the data directory and the upstreams are fine, else 503; the body has one line per check.
 */
final class HealthHandler extends Handler.Abstract {
  private final Readiness readiness;

  HealthHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.equals("/healthz")) {
      Responses.text(response, callback, "ok");
    } else if (path.equals("/readyz")) {
      Readiness.Report report = readiness.check();
      response.setStatus(report.ready() ? 200 : 503);
      Responses.text(response, callback, (report.ready() ? "ready" : "not ready") + "\n"
          + String.join("\n", report.lines()));
    } else {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not found"));
    }
    return true;
  }
}
