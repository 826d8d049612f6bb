package dev.pantry.web;

import dev.pantry.cache.PageStore.StoredPage;
import dev.pantry.error.Problem;
import dev.pantry.index.Format;
import dev.pantry.index.Negotiator;
import dev.pantry.index.PageResult;
import dev.pantry.index.PageService;
import dev.pantry.index.ProjectNames;
import dev.pantry.metrics.Metrics;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The simple API at {@code /simple/}: PEP 503 HTML or PEP 691 JSON by content negotiation, from stored renderings,
 * with ETags so revalidation is a cheap 304.
 */
final class SimpleHandler extends Handler.Abstract {
  private final PageService pages;
  private final Metrics metrics;
  private final Throttle throttle;

  SimpleHandler(PageService pages, Metrics metrics, Throttle throttle) {
    this.pages = pages;
    this.metrics = metrics;
    this.throttle = throttle;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (Responses.rejectUnlessGetOrHead(request, response, callback)) {
      return true;
    }
    String path = Request.getPathInContext(request);
    if (path.equals("/simple")) {
      Responses.redirect(response, callback, "simple/");
      return true;
    }
    String rest = path.substring("/simple/".length());
    Throttle.Gate gate = throttle.upstreamGate(request, RouteLabel.SIMPLE);
    if (rest.isEmpty()) {
      return serve(request, response, callback, pages.root(gate), "the project list", gate);
    }
    boolean slash = rest.endsWith("/");
    String name = slash ? rest.substring(0, rest.length() - 1) : rest;
    if (name.contains("/") || !ProjectNames.isValid(name)) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not a valid project name"));
      return true;
    }
    String normalized = ProjectNames.normalize(name);
    if (!slash || !normalized.equals(name)) {
      Responses.redirect(response, callback, (slash ? "../" : "") + normalized + "/");
      return true;
    }
    return serve(request, response, callback, pages.project(normalized, gate), "project '" + normalized + "'",
        gate);
  }

  private boolean serve(Request request, Response response, Callback callback, PageResult result, String what,
      Throttle.Gate gate) {
    response.getHeaders().put(HttpHeader.VARY, "Accept");
    Optional<Format> format = Negotiator.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    if (format.isEmpty()) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_ACCEPTABLE,
          "acceptable types: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html"));
      return true;
    }
    if (result instanceof PageResult.Missing) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no upstream has " + what));
    } else if (result instanceof PageResult.Failed f) {
      gate.answer(response, callback, f.problem());
    } else {
      PageResult.Served served = (PageResult.Served) result;
      write(request, response, callback, served, format.get());
    }
    return true;
  }

  private void write(Request request, Response response, Callback callback, PageResult.Served served, Format format) {
    StoredPage page = served.page();
    String etag = format.isJson() ? page.jsonEtag() : page.htmlEtag();
    var headers = response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put("X-Pantry-Cache", served.status().name());
    metrics.pageServed(served.status().name());
    if (served.status() == PageResult.CacheStatus.STALE) {
      String reason = served.staleReason() == null ? "upstream unavailable" : served.staleReason();
      headers.put("X-Pantry-Stale", reason);
      headers.put(HttpHeader.WARNING, "110 pantry \"Response is Stale\"");
      if (reason.equals("offline")) {
        headers.add(HttpHeader.WARNING, "112 pantry \"Disconnected Operation\"");
      }
      headers.put(HttpHeader.CACHE_CONTROL, "max-age=0, must-revalidate");
    } else {
      headers.put(HttpHeader.CACHE_CONTROL, "max-age=" + pages.secondsFresh(page) + ", must-revalidate");
    }
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && Responses.notModified(inm, etag)) {
      response.setStatus(304);
      callback.succeeded();
      return;
    }
    byte[] body = format.isJson() ? page.json() : page.html();
    String type = format == Format.HTML ? "text/html; charset=utf-8" : format.mediaType();
    headers.put(HttpHeader.CONTENT_TYPE, type);
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
  }
}
