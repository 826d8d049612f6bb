package dev.pantry.testing;

import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * What every fake origin does before its own routing: log the request, wait out a stall, refuse methods other
 * than GET and HEAD. Blocking (the default invocation type), since a stall sleeps.
 */
abstract class FakeOrigin extends Handler.Abstract {

  /** The three origins' base URIs ({@code http://127.0.0.1:<port>}, no trailing slash), known once all listen. */
  record Addresses(String registry, String publicIndex, String storage) {}

  private final String name;
  private final RequestLog log;
  final Knobs knobs;
  final Catalog catalog;
  private final AtomicReference<@Nullable Addresses> addresses;

  FakeOrigin(
      String name, RequestLog log, Knobs knobs, Catalog catalog, AtomicReference<@Nullable Addresses> addresses) {
    this.name = name;
    this.log = log;
    this.knobs = knobs;
    this.catalog = catalog;
    this.addresses = addresses;
  }

  @Override
  public final boolean handle(Request request, Response response, Callback callback) throws Exception {
    log.record(name, request);
    if (knobs.appliesTo(name)) {
      knobs.stallIfAsked();
    }
    Addresses known = addresses.get();
    if (known == null) {
      Replies.text(request, response, callback, 503, "not started yet\n");
    } else if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      Replies.text(request, response, callback, 405, "GET and HEAD only\n");
    } else {
      serve(request, response, callback, known);
    }
    return true;
  }

  /** Answers a GET or HEAD; must complete the callback. */
  abstract void serve(Request request, Response response, Callback callback, Addresses addresses) throws Exception;

  /**
   * The shared index behaviour for registry and public: 503 while down, then any planned failure.
   *
   * @return true when a failure was sent and the caller must stop
   */
  final boolean failedOnPurpose(Request request, Response response, Callback callback) {
    if (!knobs.appliesTo(name)) {
      return false;
    }
    if (knobs.isDown()) {
      Replies.text(request, response, callback, 503, "upstream is down (test knob)\n");
      return true;
    }
    var failure = knobs.takeFailure();
    if (failure.isPresent()) {
      Replies.text(request, response, callback, failure.getAsInt(), "planned failure (test knob)\n");
      return true;
    }
    return false;
  }

  /**
   * Serves {@code <base><rest>} where rest is what follows the simple root: a name not in normalized form, or
   * without the trailing slash, gets a 301 to the normalized URL (as PyPI does).
   *
   * @return the normalized project name when the caller should serve the page, or null when answered here
   */
  static @Nullable String projectOrRedirect(
      Request request, Response response, Callback callback, String simpleRoot, String rest) {
    String name = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    if (name.isEmpty() || name.contains("/")) {
      Replies.text(request, response, callback, 404, "Not Found\n");
      return null;
    }
    String normalized = Names.normalize(name);
    if (!rest.equals(normalized + "/")) {
      Replies.redirect(response, callback, 301, simpleRoot + normalized + "/");
      return null;
    }
    return normalized;
  }

  /** The key a raw project list is set under ({@link FakeUpstream#setRootBody}). */
  static final String ROOT = "";

  /** The test's raw page for this project, if it set one; true when sent. */
  final boolean sentRawPage(Request request, Response response, Callback callback, String normalized) {
    Catalog.RawPage raw = catalog.rawPage(normalized);
    if (raw != null && raw.only() != null && !raw.only().equals(name)) {
      return false;
    }
    if (raw == null) {
      return false;
    }
    Replies.bytes(request, response, callback, 200, raw.contentType(), raw.body());
    return true;
  }
}
