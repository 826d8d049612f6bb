package dev.pantry.ops;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Takes a token from the client's request bucket before anything else runs; operational endpoints are exempt. */
final class RateLimitHandler extends Handler.Wrapper {
  private final Throttle throttle;

  RateLimitHandler(Throttle throttle, Handler next) {
    super(next);
    this.throttle = throttle;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String route = RouteLabel.of(request.getHttpURI().getPath());
    if (!RouteLabel.isOperational(route) && !throttle.admit(request, response, callback, route)) {
      return true;
    }
    return super.handle(request, response, callback);
  }
}
