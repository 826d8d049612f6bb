package dev.pantry.ui;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Feeds {@link RequestHistory} from the outside of a handler: every request counts, and a response that went out
 * with {@code X-Pantry-Cache: HIT} counts as a hit. Wrapping keeps the index and file handlers free of UI concerns.
 */
public final class CountingHandler extends Handler.Wrapper {
  private final RequestHistory history;

  public CountingHandler(Handler delegate, RequestHistory history) {
    super(delegate);
    this.history = history;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    history.request();
    Request.addCompletionListener(request, failure -> {
      if (failure == null && "HIT".equals(response.getHeaders().get("X-Pantry-Cache"))) {
        history.hit();
      }
    });
    return super.handle(request, response, callback);
  }
}
