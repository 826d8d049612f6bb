package dev.pantry.upstream;

import dev.pantry.config.Credentials;
import dev.pantry.config.Origin;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem.Kind;
import dev.pantry.error.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at an upstream GET: the redirect chain followed by hand, credentials on same-origin hops only, and the final
 * hop's response turned into an {@link Attempt}. Retries and the circuit are the caller's business.
 */
final class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
  private static final long NO_DEADLINE = Long.MAX_VALUE;
  /** Tries of one hop whose responses do not parse: each closes the pooled connection it was given. */
  private static final int MALFORMED_TRIES = 4;
  /** Redirect and error bodies are read this far so the connection can be reused, then dropped. */

  private final HttpClient http;
  private final Timeouts timeouts;
  private final long maxPageBytes;
  private final PageMemory memory;

  Exchange(HttpClient http, Timeouts timeouts, long maxPageBytes, PageMemory memory) {
    this.memory = memory;
    this.http = http;
    this.timeouts = timeouts;
    this.maxPageBytes = maxPageBytes;
  }

  /** Where following a chain of hops ended. */
  private sealed interface Step {}

  /** A hop answered: response headers in, body not yet read. */
  /** @param timeouts the upstream's own, for what is still to come on this hop */
  private record Landed(URI url, Request request, Response response, InputStream body, boolean sentCredentials,
      Timeouts timeouts) implements Step {}

  /** A redirect left the upstream's origin, and the caller asked to stay on it. */
  private record Left(URI to) implements Step {}

  /**
   * The chain failed.
   *
   * @param malformed whether the response did not parse (worth one more try on a fresh connection) */
  private record Stopped(Failure failure, boolean malformed) implements Step {
    Stopped(Failure failure) {
      this(failure, false);
    }
  }

  /**
   * Fetches an index page, buffered; the whole chain by {@code deadline} ({@link System#nanoTime}), which the caller
   * sets once for every try, so {@code timeout.page} bounds the retries too.
   */
  Attempt<byte[]> page(UpstreamConfig upstream, URI url, Outcome.Validators conditional, String accept,
      Outcome.Hops hops, long deadline) {
    Consumer<HttpFields.Mutable> headers = h -> {
      if (!accept.isBlank()) {
        h.put(HttpHeader.ACCEPT, accept);
      }
      if (conditional.etag() != null) {
        h.put(HttpHeader.IF_NONE_MATCH, conditional.etag());
      }
      if (conditional.lastModified() != null) {
        h.put(HttpHeader.IF_MODIFIED_SINCE, conditional.lastModified());
      }
    };
    Step step = follow(upstream, url, headers, deadline, hops, false);
    if (step instanceof Stopped stopped) {
      return Attempt.failed(stopped.failure());
    }
    if (step instanceof Left left) {
      return Attempt.of(new Outcome.Forwarded<>(left.to()));
    }
    Landed landed = (Landed) step;
    int status = landed.response().getStatus();
    if (status >= 200 && status < 300) {
      return readPage(landed, deadline);
    }
    discard(landed);
    if (status == 304) {
      Outcome.Validators sent = Responses.validators(landed.response());
      return Attempt.of(new Outcome.NotModified<>(new Outcome.Validators(
          sent.etag() != null ? sent.etag() : conditional.etag(),
          sent.lastModified() != null ? sent.lastModified() : conditional.lastModified())));
    }
    return notFoundOrFailed(landed, status);
  }

  /**
   * Opens a file: returns once the final hop's headers are in. Only the idle timeout applies. {@code onBodyFailure}
   * hears of a failure while the caller reads the body; the caller's read() then throws.
   */
  Attempt<FileStream> file(UpstreamConfig upstream, URI url, Consumer<Failure> onBodyFailure) {
    // Identity: the bytes must hash to what the index promises, and a declared length must mean those bytes.
    Step step = follow(upstream, url, h -> h.put(HttpHeader.ACCEPT_ENCODING, "identity"), NO_DEADLINE,
        Outcome.Hops.ANY_ORIGIN, true);
    if (step instanceof Stopped stopped) {
      return Attempt.failed(stopped.failure());
    }
    Landed landed = (Landed) step;
    int status = landed.response().getStatus();
    if (status < 200 || status >= 300) {
      discard(landed);
      return notFoundOrFailed(landed, status);
    }
    HttpFields fields = landed.response().getHeaders();
    String encoding = fields.get(HttpHeader.CONTENT_ENCODING);
    boolean decoded = encoding != null && !encoding.equalsIgnoreCase("identity");
    long length = decoded ? -1 : Responses.contentLength(fields);
    UpstreamBody body = new UpstreamBody(landed.body(), landed.request(), length, cause -> {
      Failure failure = Failures.of(cause, landed.url(), landed.timeouts().idle(), timeouts.connect());
      onBodyFailure.accept(failure);
      return failure;
    });
    FileStream stream = new FileStream(landed.url(), length, body);
    return Attempt.of(new Outcome.Fetched<>(landed.url(), stream, fields.get(HttpHeader.CONTENT_TYPE),
        Responses.validators(landed.response())));
  }

  /**
   * Follows redirects from {@code url} to the first hop that does not redirect. For a file, every hop's host must be
   * one of the upstream's file hosts; every connection passes the address rules either way.
   */
  private Step follow(UpstreamConfig upstream, URI url, Consumer<HttpFields.Mutable> headers, long deadline,
      Outcome.Hops hops, boolean file) {
    URI current = Redirects.withoutFragment(url);
    if (!Redirects.isHttp(current)) {
      return stop("not an http(s) URL: " + Origin.redact(current), current);
    }
    if (file && !upstream.allowsFileHost(current.getHost())) {
      return refusedHost(upstream, current);
    }
    Set<URI> seen = new HashSet<>();
    seen.add(current);
    for (int redirects = 0; ; redirects++) {
      Step step = send(upstream, current, headers, deadline);
      if (!(step instanceof Landed landed) || !Redirects.isRedirect(landed.response().getStatus())) {
        return step;
      }
      String location = landed.response().getHeaders().get(HttpHeader.LOCATION);
      discard(landed);
      if (redirects == Redirects.MAX_REDIRECTS) {
        return stop("too many redirects (more than " + Redirects.MAX_REDIRECTS + ") from " + Origin.redact(url),
            current);
      }
      URI next = location == null ? null : Redirects.resolve(current, location);
      if (next == null) {
        return stop("upstream sent a redirect without a usable Location", current);
      }
      if (!Redirects.isHttp(next)) {
        return stop("upstream redirected to a non-http(s) URL (scheme " + next.getScheme() + ")", current);
      }
      if (!seen.add(next)) {
        return stop("redirect loop at " + Origin.redact(next), next);
      }
      if (file && !upstream.allowsFileHost(next.getHost())) {
        return refusedHost(upstream, next);
      }
      if (hops == Outcome.Hops.OWN_ORIGIN && !upstream.origin().matches(next)) {
        return new Left(next);
      }
      current = next;
    }
  }

  private static Step refusedHost(UpstreamConfig upstream, URI at) {
    return new Stopped(Failure.permanent(Problem.Kind.UPSTREAM_FAILED, "refused to fetch a file from "
        + at.getHost() + ": not one of upstream " + upstream.id() + "'s file hosts", at));
  }

  /**
   * Sends one hop and waits for its response headers. A response that does not parse is tried again: an upstream
   * that sent more body than its Content-Length (after the response had ended) leaves those bytes on the pooled
   * connection, where they read as a malformed start of the next response. Jetty closes that connection, and the
   * GET, which nothing answered yet, is safe to send again; but the next pooled connection may hold late bytes of
   * its own (a body's excess can arrive after its connection went back to the pool), so each try closes one more,
   * up to {@link #MALFORMED_TRIES}.
   */
  private Step send(UpstreamConfig upstream, URI url, Consumer<HttpFields.Mutable> headers, long deadline) {
    Step step = sendOnce(upstream, url, headers, deadline);
    for (int tries = 1; tries < MALFORMED_TRIES && step instanceof Stopped stopped && stopped.malformed(); tries++) {
      LOG.info("upstream {}: a malformed response on a pooled connection ({}); trying again ({} of {})",
          upstream.id(), Origin.redact(url), tries + 1, MALFORMED_TRIES);
      step = sendOnce(upstream, url, headers, deadline);
    }
    return step;
  }

  private Step sendOnce(UpstreamConfig upstream, URI url, Consumer<HttpFields.Mutable> headers, long deadline) {
    Credentials credentials = upstream.credentials();
    // Credentials go to the upstream's own origin only: a pre-signed storage host must never see them.
    boolean withCredentials = !credentials.headerName().isEmpty() && upstream.origin().matches(url);
    // The tag keeps each upstream's connections apart and tells the transport whose address rules apply.
    Request request = http.newRequest(url).tag(new UpstreamTag(upstream.id(), upstream.indexUrl().getHost()))
        .method(HttpMethod.GET).followRedirects(false).headers(h -> {
      headers.accept(h);
      if (withCredentials) {
        h.put(credentials.headerName(), credentials.headerValue());
      }
    });
    Timeouts t = timeouts(upstream);
    request.idleTimeout(t.idle().toMillis(), TimeUnit.MILLISECONDS);
    long waitNanos;
    if (deadline == NO_DEADLINE) {
      // Connect (after name resolution, bounded alike) and then silence are each bounded; this is a backstop.
      waitNanos = t.connect().multipliedBy(2).plus(t.idle()).plusSeconds(1).toNanos();
    } else {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new Stopped(Failures.timeout(url, t.page()));
      }
      request.timeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS);
      waitNanos = left + TimeUnit.SECONDS.toNanos(1);
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      Response response = listener.get(waitNanos, TimeUnit.NANOSECONDS);
      return new Landed(url, request, response, listener.getInputStream(), withCredentials, t);
    } catch (TimeoutException e) {
      request.abort(e);
      return new Stopped(Failures.timeout(url, timeoutLimit(t, deadline)));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Stopped(classify(t, cause, url, deadline), Failures.malformed(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      request.abort(e);
      return stop("interrupted while waiting for the upstream", url);
    }
  }

  private Attempt<byte[]> readPage(Landed landed, long deadline) {
    HttpFields fields = landed.response().getHeaders();
    long declared = Responses.contentLength(fields);
    if (declared > maxPageBytes) {
      abort(landed);
      return Attempt.failed(Failures.tooLarge(maxPageBytes, landed.url()));
    }
    // Read into one array of the declared length: a growing buffer doubled (copying) and copied once more at the
    // end, three times a 35 MB list's bytes. Without a length, or past it, the array grows.
    byte[] body = new byte[0];
    int filled = 0;
    long held = 0;
    try (InputStream in = landed.body()) {
      // Bounded: by maxPageBytes, by the memory all pages share, and by the page deadline (which aborts a stall).
      while (true) {
        int extra = -1;
        if (filled == body.length && filled > 0 && filled == declared) {
          extra = in.read(); // the declared length is read: is that the end?
          if (extra == -1) {
            break;
          }
        }
        if (filled == body.length) {
          long grown = filled == 0 && declared > 0 ? declared : Math.max(16 * 1024, 2L * filled);
          grown = Math.min(grown, Math.min(maxPageBytes + 1, Integer.MAX_VALUE - 8));
          if (grown <= filled) {
            abort(landed);
            return Attempt.failed(Failures.tooLarge(maxPageBytes, landed.url()));
          }
          // The old and the new array are both alive while the one is copied into the other.
          if (!memory.tryTake(grown, held)) {
            abort(landed);
            return Attempt.failed(Failure.mirror(memory.busy(), landed.url()));
          }
          held += grown;
          body = Arrays.copyOf(body, (int) grown);
        }
        if (extra != -1) {
          body[filled++] = (byte) extra;
        } else {
          int n = in.read(body, filled, body.length - filled);
          if (n == -1) {
            break;
          }
          filled += n;
        }
        if (filled > maxPageBytes) {
          abort(landed);
          return Attempt.failed(Failures.tooLarge(maxPageBytes, landed.url()));
        }
      }
    } catch (IOException e) {
      return Attempt.failed(classify(landed.timeouts(), e, landed.url(), deadline));
    } finally {
      memory.give(held);
    }
    return Attempt.of(new Outcome.Fetched<>(landed.url(), filled == body.length ? body : Arrays.copyOf(body, filled),
        fields.get(HttpHeader.CONTENT_TYPE), Responses.validators(landed.response())));
  }

  /** A failure that retrying would not change. */
  private static Stopped stop(String message, URI at) {
    return new Stopped(Failure.permanent(Kind.UPSTREAM_FAILED, message, at));
  }

  private static <T> Attempt<T> notFoundOrFailed(Landed landed, int status) {
    if (status == 404 || status == 410) {
      return Attempt.of(new Outcome.NotFound<>(status));
    }
    return Attempt.failed(Failures.status(status, landed.url(), landed.sentCredentials()));
  }

  private static Failure classify(Timeouts t, Throwable cause, URI url, long deadline) {
    return Failures.of(cause, url, timeoutLimit(t, deadline), t.connect());
  }

  /** The limit a timeout is reported against: the page limit once its deadline has passed, else the idle timeout. */
  private static Duration timeoutLimit(Timeouts t, long deadline) {
    return deadline != NO_DEADLINE && System.nanoTime() - deadline >= -TimeUnit.MILLISECONDS.toNanos(50)
        ? t.page() : t.idle();
  }

  /** {@code upstream}'s idle and page timeouts; the connect timeout is the client's, the same for every upstream. */
  Timeouts timeouts(UpstreamConfig upstream) {
    Timeouts own = upstream.options().timeouts();
    return own == null ? timeouts : new Timeouts(timeouts.connect(), own.idle(), own.page());
  }

  private static void discard(Landed landed) {
    Responses.discard(landed.request(), landed.body());
  }

  private static void abort(Landed landed) {
    Responses.abort(landed.request(), landed.body());
  }
}
