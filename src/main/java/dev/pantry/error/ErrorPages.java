package dev.pantry.error;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors that reach Jetty: an exception a handler threw goes through {@link Errors#problem} (a storage failure is a
 * 507, not a 500), Jetty's own refusals (a malformed request) keep their status. The body is one line of plain text:
 * never a stack trace or an exception's message from deep inside, which could carry internal details.
 */
public final class ErrorPages extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
    if (cause instanceof HttpException http) {
      // Jetty refused the request itself (a malformed or ambiguous URI): the client's fault, said in one line.
      response.setStatus(http.getCode());
      HttpProblems.text(response, callback, http.getCode() + " " + HttpStatus.getMessage(http.getCode()));
      return true;
    }
    if (cause != null) {
      Problem p = Errors.problem(cause);
      if (p.kind() == Problem.Kind.INTERNAL) {
        LOG.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
      } else {
        LOG.warn("request {} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), p.message());
      }
      HttpProblems.send(response, callback, p);
      return true;
    }
    int status = response.getStatus() <= 0 ? 500 : response.getStatus();
    response.setStatus(status);
    HttpProblems.text(response, callback, status + " " + HttpStatus.getMessage(status));
    return true;
  }
}
