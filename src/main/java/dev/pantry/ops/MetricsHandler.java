package dev.pantry.ops;

import dev.pantry.error.HttpProblems;
import dev.pantry.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}: every metric in the Prometheus text format. */
public final class MetricsHandler extends Handler.Abstract {
  private final Metrics metrics;

  public MetricsHandler(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    metrics.write(out);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.size());
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(out.toByteArray()), callback);
    return true;
  }
}
