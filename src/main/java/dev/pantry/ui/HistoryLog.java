package dev.pantry.ui;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Feeds {@link RequestHistory} as each request finishes, beside the access log: every request to the index or the
 * files counts, and one answered with {@code X-Pantry-Cache: HIT} counts as a hit. A request log rather than a
 * handler wrapper, so the hot path carries no completion listener of its own.
 */
public final class HistoryLog implements RequestLog {
  private final RequestHistory history;

  public HistoryLog(RequestHistory history) {
    this.history = history;
  }

  @Override
  public void log(Request request, Response response) {
    String path = request.getHttpURI().getPath();
    if (path == null || !(path.startsWith("/simple") || path.startsWith("/files/"))) {
      return;
    }
    history.request();
    if ("HIT".equals(response.getHeaders().get("X-Pantry-Cache"))) {
      history.hit();
    }
  }
}
