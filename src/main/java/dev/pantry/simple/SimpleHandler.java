package dev.pantry.simple;

import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.index.Format;
import dev.pantry.index.Negotiator;
import dev.pantry.index.ProjectNames;
import dev.pantry.index.Rendering;
import dev.pantry.metrics.Metrics;
import dev.pantry.upstream.UpstreamGate;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The simple API at {@code /simple/}: PEP 503 HTML or PEP 691 JSON by content negotiation (decided before anything
 * is fetched, so a 406 costs nothing upstream), from stored renderings, zstd or gzip when the client accepts it, with ETags so
 * revalidation is a cheap 304. A path that is not canonical (a name not PEP 503-normalized, a missing trailing slash,
 * doubled slashes) is redirected to the canonical one: relatively, so it stays right behind a reverse proxy with a
 * path prefix, except for doubled slashes, which no relative reference resolves the same in every client.
 *
 * <p>Non-blocking, so Jetty runs it on the selector thread that read the request: a fresh page held in memory is
 * answered right there, and anything that needs the index, the store or an upstream is handed to {@code blocking}.
 */
public final class SimpleHandler extends Handler.Abstract {
  static final String PREFIX = "/simple/";
  private static final String ACCEPTABLE =
      "acceptable types: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, text/html";

  // Fields every page hit sends, encoded once: Jetty copies their bytes instead of sanitizing each character.
  private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept, Accept-Encoding");
  private static final Map<Format, HttpField> CONTENT_TYPES = new EnumMap<>(Map.of(
      Format.HTML, new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8"),
      Format.HTML_V1, new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Format.HTML_V1.mediaType()),
      Format.JSON, new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Format.JSON.mediaType())));
  private static final Map<Encoding, HttpField> CODINGS = new EnumMap<>(Map.of(
      Encoding.GZIP, new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, Encoding.GZIP.token()),
      Encoding.ZSTD, new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, Encoding.ZSTD.token())));
  private static final Map<PageResult.CacheStatus, HttpField> STATUSES = new EnumMap<>(PageResult.CacheStatus.class);
  /** {@code Cache-Control} for each number of seconds a page has left, built on first use (TTLs are minutes). */
  private static final AtomicReferenceArray<HttpField> FRESH_FOR = new AtomicReferenceArray<>(4_096);

  static {
    for (PageResult.CacheStatus s : PageResult.CacheStatus.values()) {
      STATUSES.put(s, new PreEncodedHttpField("X-Pantry-Cache", s.name()));
    }
  }

  private final PageService pages;
  private final Function<Request, UpstreamGate> gates;
  private final Metrics metrics;
  private final Executor blocking;

  /** @param blocking runs the requests that may block: virtual threads on Java 21+, the server's pool on 17 */
  public SimpleHandler(PageService pages, Function<Request, UpstreamGate> gates, Metrics metrics, Executor blocking) {
    super(InvocationType.NON_BLOCKING);
    this.blocking = blocking;
    this.pages = pages;
    this.gates = gates;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    String path = request.getHttpURI().getPath();
    if (path.equals("/simple")) {
      redirect(response, callback, "simple/");
      return true;
    }
    String rest = path.substring(PREFIX.length());
    response.getHeaders().add(VARY);
    Optional<Format> format = Negotiator.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    String trimmed = trimSlashes(rest);
    if (!trimmed.isEmpty() && (trimmed.contains("/") || !ProjectNames.isValid(trimmed))) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not a valid project name"));
      return true;
    }
    String canonical = trimmed.isEmpty() ? "" : ProjectNames.normalize(trimmed) + "/";
    if (!rest.equals(canonical)) {
      // Clients disagree on ".." across an empty segment (RFC 3986 and uv keep it, Python's urljoin drops it), so a
      // doubled slash gets the one unambiguous form, an absolute path; everything else stays relative.
      redirect(response, callback, rest.contains("//") || rest.startsWith("/") ? PREFIX + canonical
          : "../".repeat(count(rest, '/')) + canonical);
      return true;
    }
    if (format.isEmpty()) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_ACCEPTABLE, ACCEPTABLE));
      return true;
    }
    String project = trimmed.isEmpty() ? "" : canonical.substring(0, canonical.length() - 1);
    PageResult.Served held = project.isEmpty() ? null : pages.held(project);
    if (held != null) {
      write(request, response, callback, held, format.get());
    } else {
      blocking.execute(() -> answer(request, response, callback, project, format.get()));
    }
    return true;
  }

  /** The page from wherever it must come, on a thread that may block. */
  private void answer(Request request, Response response, Callback callback, String project, Format format) {
    try {
      UpstreamGate gate = gates.apply(request);
      render(request, response, callback, project, project.isEmpty() ? pages.root(gate) : pages.project(project,
          gate), format);
    } catch (Throwable t) {
      // Jetty answers an uncommitted response with its error page, and aborts a committed one.
      callback.failed(t);
    }
  }

  private void render(Request request, Response response, Callback callback, String project, PageResult result,
      Format format) {
    if (result instanceof PageResult.Missing) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no upstream has "
          + (project.isEmpty() ? "the project list" : "project '" + project + "'")));
    } else if (result instanceof PageResult.Failed f) {
      HttpProblems.send(response, callback, f.problem());
    } else {
      write(request, response, callback, (PageResult.Served) result, format);
    }
  }

  private void write(Request request, Response response, Callback callback, PageResult.Served served, Format format) {
    StoredPage page = served.page();
    // A page still being written behind its first response is held uncompressed.
    Encoding encoding = page.bundle().has(Encoding.GZIP)
        ? Encoding.choose(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING), page.bundle().has(Encoding.ZSTD))
        : Encoding.IDENTITY;
    String etag = page.etag(format, encoding);
    HttpFields.Mutable headers = response.getHeaders();
    headers.add(HttpHeader.ETAG, etag);
    headers.add(STATUSES.get(served.status()));
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
      headers.put(freshFor(pages.secondsFresh(page)));
    }
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && matches(inm, etag)) {
      response.setStatus(304);
      callback.succeeded();
      return;
    }
    headers.add(CONTENT_TYPES.get(format));
    if (encoding != Encoding.IDENTITY) {
      headers.add(CODINGS.get(encoding));
    }
    headers.put(HttpHeader.CONTENT_LENGTH, page.length(format, encoding));
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
      return;
    }
    Rendering bytes = page.memory(format, encoding);
    if (bytes != null) {
      SlicedWrite.write(response, bytes, callback);
      return;
    }
    try {
      Content.copy(Content.Source.from(new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true,
          64 * 1024), page.open(format, encoding)), response, callback);
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  private static HttpField freshFor(long seconds) {
    if (seconds >= FRESH_FOR.length()) {
      return new HttpField(HttpHeader.CACHE_CONTROL, "max-age=" + seconds + ", must-revalidate");
    }
    HttpField f = FRESH_FOR.get((int) seconds);
    if (f == null) {
      f = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "max-age=" + seconds + ", must-revalidate");
      FRESH_FOR.set((int) seconds, f); // a race builds the same field twice, which is harmless
    }
    return f;
  }

  /** True when an {@code If-None-Match} header matches {@code etag} (weakly, or by {@code *}). */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch.indexOf(',') < 0) {
      return matchesOne(ifNoneMatch, etag); // what clients send: the one ETag they were given
    }
    for (String candidate : ifNoneMatch.split(",")) {
      if (matchesOne(candidate, etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOne(String candidate, String etag) {
    String c = candidate.strip();
    if (c.startsWith("W/")) {
      c = c.substring(2);
    }
    return c.equals(etag) || c.equals("*");
  }

  /** A relative redirect, so it stays right behind a reverse proxy with a path prefix. */
  private static void redirect(Response response, Callback callback, String location) {
    response.setStatus(301);
    response.getHeaders().put(HttpHeader.LOCATION, location.isEmpty() ? "./" : location);
    HttpProblems.text(response, callback, "moved to " + (location.isEmpty() ? "./" : location));
  }

  private static String trimSlashes(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '/') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '/') {
      b--;
    }
    return s.substring(a, b);
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
