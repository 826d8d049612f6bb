package dev.pantry.web;

import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Routes by path prefix, first match wins. Prefixes are disjoint by design ({@code /simple/}, {@code /files/},
 * {@code /api/}, {@code /ui/}), so UI routes can never shadow the index or the files.
 */
final class Router extends Handler.Wrapper {
  private final List<Route> routes;

  /** A path prefix and its handler; {@code exact} also matches the prefix without its trailing slash. */
  record Route(String prefix, Handler handler) {
    boolean matches(String path) {
      return path.startsWith(prefix) || prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1));
    }
  }

  Router(List<Route> routes, Handler fallback) {
    super(fallback);
    this.routes = List.copyOf(routes);
    for (Route r : routes) {
      addBean(r.handler());
    }
  }

  @Override
  public void setServer(org.eclipse.jetty.server.Server server) {
    super.setServer(server);
    for (Route r : routes) {
      r.handler().setServer(server);
    }
  }

  /**
   * The most blocking of all routes and the fallback. {@link Handler.Wrapper} reports only the fallback's type, and a
   * non-blocking fallback made Jetty run every route (JDBC, upstream reads, blocking writes) on its selector threads:
   * two downloads stalled all other requests, and a blocked write could wait on its own selector until the idle
   * timeout.
   */
  @Override
  public InvocationType getInvocationType() {
    InvocationType type = super.getInvocationType();
    for (Route r : routes) {
      type = Invocable.combine(type, r.handler().getInvocationType());
    }
    return type;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    for (Route r : routes) {
      if (r.matches(path)) {
        return r.handler().handle(request, response, callback);
      }
    }
    return super.handle(request, response, callback);
  }
}
