package dev.pantry.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/** Plays a PyPI-like public index: no authentication, relative file links, files under {@code /packages/}. */
final class PublicOrigin extends FakeOrigin {

  static final String SIMPLE = "/simple/";
  static final String PACKAGES = "/packages/";

  PublicOrigin(RequestLog log, Knobs knobs, Catalog catalog, AtomicReference<@Nullable Addresses> addresses) {
    super("public", log, knobs, catalog, addresses);
  }

  @Override
  void serve(Request request, Response response, Callback callback, Addresses addresses) {
    if (failedOnPurpose(request, response, callback)) {
      return;
    }
    String path = request.getHttpURI().getDecodedPath();
    PageFormat format = PageFormat.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    if (path.equals(SIMPLE)) {
      if (!sentRawPage(request, response, callback, ROOT)) {
        page(request, response, callback, format, SimplePages.root(format, catalog.publicProjectNames()));
      }
    } else if (path.startsWith(SIMPLE)) {
      project(request, response, callback, format, path.substring(SIMPLE.length()));
    } else if (path.startsWith(PACKAGES)) {
      Catalog.Blob blob = catalog.publicFile(path.substring(PACKAGES.length()));
      if (blob == null) {
        Replies.text(request, response, callback, 404, "Not Found\n");
      } else {
        Replies.file(request, response, callback, knobs, blob);
      }
    } else {
      Replies.text(request, response, callback, 404, "Not Found\n");
    }
  }

  private void project(Request request, Response response, Callback callback, PageFormat format, String rest) {
    String project = projectOrRedirect(request, response, callback, SIMPLE, rest);
    if (project == null || sentRawPage(request, response, callback, project)) {
      return;
    }
    List<Catalog.Listed> files = catalog.publicFiles(project);
    if (files == null) {
      Replies.text(request, response, callback, 404, "Not Found\n");
      return;
    }
    // Relative to /simple/<project>/, as PyPI's own links are relative to its host.
    page(request, response, callback, format,
        SimplePages.project(format, project, files, w -> "../.." + PACKAGES + w.filename()));
  }

  private static void page(Request request, Response response, Callback callback, PageFormat format, byte[] body) {
    response.getHeaders().put(HttpHeader.VARY, "Accept");
    Replies.bytes(request, response, callback, 200, format.contentType(), body);
  }
}
