package dev.pantry.error;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one place a {@link Problem} becomes an HTTP response: its kind's status, {@code Retry-After} when it has one,
 * and its one-line message as plain text that no cache keeps.
 */
public final class HttpProblems {
  private HttpProblems() {}

  public static void send(Response response, Callback callback, Problem problem) {
    response.setStatus(problem.kind().httpStatus());
    if (problem.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, problem.retryAfterSeconds());
    }
    if (problem.kind() == Problem.Kind.METHOD_NOT_ALLOWED && !response.getHeaders().contains(HttpHeader.ALLOW)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    }
    text(response, callback, problem.message());
  }

  /**
   * Answers 405 ({@code Allow: GET, HEAD}) unless the request only reads; returns true when it answered. A write is
   * told why: Pantry mirrors its upstreams and takes no uploads ({@code twine upload} against it would otherwise
   * report something confusing).
   */
  public static boolean refuseUnlessRead(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return false;
    }
    boolean write = HttpMethod.POST.is(method) || HttpMethod.PUT.is(method) || HttpMethod.PATCH.is(method);
    send(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, method + " is not allowed" + (write
        ? ": Pantry is a read-only mirror of its upstreams; publish packages to an upstream" : "")));
    return true;
  }

  /** A short plain-text answer that no cache keeps, with the status already set. */
  public static void text(Response response, Callback callback, String message) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
