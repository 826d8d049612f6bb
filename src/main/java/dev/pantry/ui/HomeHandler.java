package dev.pantry.ui;

import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /}: sends a person to the web UI at {@code ui/}; every other unknown path is a 404. A write to {@code /} is a
 * 405 that says why: {@code twine upload} against a mirror would otherwise report a confusing redirect.
 */
public final class HomeHandler extends Handler.Abstract.NonBlocking {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"/".equals(request.getHttpURI().getPath())) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not found"));
      return true;
    }
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    // 302, not 301: a permanent redirect would be cached for good, and "/" may mean something else one day.
    response.setStatus(302);
    response.getHeaders().put(HttpHeader.LOCATION, "ui/");
    HttpProblems.text(response, callback, "the web UI is at ui/; the index is at simple/");
    return true;
  }
}
