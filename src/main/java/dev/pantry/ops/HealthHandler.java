package dev.pantry.ops;

import dev.pantry.error.HttpProblems;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: 200 while the process serves requests at all (liveness). {@code /readyz}: 200 when the database,
 * the stores and the upstreams are fine, else 503; the body has one line per check. GET and HEAD only.
 */
public final class HealthHandler extends Handler.Abstract {
  private final Readiness readiness;

  public HealthHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    String path = request.getHttpURI().getPath();
    if (path.equals("/healthz")) {
      HttpProblems.text(response, callback, "ok");
    } else {
      Readiness.Report report = readiness.check();
      response.setStatus(report.ready() ? 200 : 503);
      HttpProblems.text(response, callback, (report.ready() ? "ready" : "not ready") + "\n"
          + String.join("\n", report.lines()));
    }
    return true;
  }
}
