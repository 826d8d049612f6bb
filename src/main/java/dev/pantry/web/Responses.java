package dev.pantry.web;

import dev.pantry.error.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The one place a {@link Problem} becomes an HTTP response: its status, and its one-line message as plain text. */
public final class Responses {
  private Responses() {}

  public static void problem(Response response, Callback callback, Problem problem) {
    response.setStatus(problem.kind().httpStatus());
    text(response, callback, problem.message());
  }

  /** A short plain-text answer that no cache keeps. */
  public static void text(Response response, Callback callback, String message) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** A redirect with a relative Location, so it stays right behind a reverse proxy with a path prefix. */
  public static void redirect(Response response, Callback callback, String location) {
    response.setStatus(301);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    text(response, callback, "moved to " + location);
  }

  /** True when an {@code If-None-Match} header matches {@code etag} (or is {@code *}). */
  public static boolean notModified(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Answers 405 with {@code Allow: GET, HEAD} unless the request is a GET or HEAD; true when it answered, so a
   * read-only handler returns at once.
   */
  public static boolean rejectUnlessGetOrHead(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return false;
    }
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    problem(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, method + " is not allowed"));
    return true;
  }
}
