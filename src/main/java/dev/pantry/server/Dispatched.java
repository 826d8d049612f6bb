package dev.pantry.server;

import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Runs a handler that may block (JDBC, upstream reads, request bodies) on {@code blocking}, so the server as a whole
 * can declare itself non-blocking: Jetty then calls every handler on the selector thread that read the request, and
 * the hot paths ({@code /files/} and {@code /simple/} hits held in memory) answer without a thread hand-off.
 */
final class Dispatched extends Handler.Wrapper {
  private final Executor blocking;

  Dispatched(Handler delegate, Executor blocking) {
    super(delegate);
    this.blocking = blocking;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    blocking.execute(() -> {
      try {
        if (!super.handle(request, response, callback)) {
          Response.writeError(request, response, callback, 404);
        }
      } catch (Throwable t) {
        // Jetty answers an uncommitted response with its error page, and aborts a committed one.
        callback.failed(t);
      }
    });
    return true;
  }
}
