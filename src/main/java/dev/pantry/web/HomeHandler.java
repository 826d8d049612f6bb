package dev.pantry.web;

import dev.pantry.error.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /}: a short page that tells a person where the index is; every other unknown path is a 404. */
final class HomeHandler extends Handler.Abstract.NonBlocking {
  private static final byte[] HOME = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Pantry</title></head>
      <body><h1>Pantry</h1><p>A caching mirror for Python packages. The index is at <a href="simple/">simple/</a>:</p>
      <pre>pip install --index-url http://THIS-HOST/simple/ PACKAGE</pre></body></html>
      """.getBytes(StandardCharsets.UTF_8);

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Request.getPathInContext(request).equals("/")) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not found"));
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.write(true, ByteBuffer.wrap(HOME), callback);
    return true;
  }
}
