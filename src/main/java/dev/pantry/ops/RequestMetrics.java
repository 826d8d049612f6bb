package dev.pantry.ops;

import dev.pantry.metrics.Metrics;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/** Counts every finished response by route and status, and the body bytes sent, as Jetty logs it. */
final class RequestMetrics implements RequestLog {
  private final Metrics metrics;

  RequestMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void log(Request request, Response response) {
    HttpURI uri = request.getHttpURI();
    String route = uri.getPath() == null ? "other" : RouteLabel.of(uri.getPath());
    metrics.request(route, response.getStatus(), Response.getContentBytesWritten(response));
  }
}
