package dev.pantry.server;

import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;

/**
 * The mirror's URL space. Each feature owns its prefix; Jetty's {@link PathMappingsHandler} picks the most specific
 * mapping (so {@code /admin/reload} needs no ordering against {@code /admin/*}) and combines the handlers'
 * invocation types, so a blocking feature never runs on a selector thread.
 */
final class Routes {
  private Routes() {}

  /** The handlers of each feature. */
  record Features(Handler simple, Handler files, Handler api, Handler ui, Handler admin, Handler metrics,
      Handler health, Handler home) {}

  static PathMappingsHandler of(Features f) {
    // Not dynamic: the routes are fixed before start, so Jetty derives the invocation type from them.
    PathMappingsHandler routes = new PathMappingsHandler(false);
    routes.addMapping(PathSpec.from("/simple/*"), f.simple());
    routes.addMapping(PathSpec.from("/files/*"), f.files());
    routes.addMapping(PathSpec.from("/api/*"), f.api());
    routes.addMapping(PathSpec.from("/ui/*"), f.ui());
    routes.addMapping(PathSpec.from("/admin/*"), f.admin());
    routes.addMapping(PathSpec.from("/metrics"), f.metrics());
    routes.addMapping(PathSpec.from("/healthz"), f.health());
    routes.addMapping(PathSpec.from("/readyz"), f.health());
    // The default mapping: "/" itself (the UI's front door) and every unknown path (404).
    routes.addMapping(PathSpec.from("/"), f.home());
    return routes;
  }
}
