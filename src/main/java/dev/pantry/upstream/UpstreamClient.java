package dev.pantry.upstream;

import dev.pantry.config.Origin;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.metrics.Metrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that talks to upstreams. Holds one Jetty {@link HttpClient} as a managed bean, so a Jetty server can
 * {@code addBean(upstreamClient)} and start and stop it with itself; it must be started before use.
 *
 * <p>Every call is blocking and thread-safe, and answers with an {@link Outcome}, never an exception. Redirects are
 * followed here, at most 10, and the upstream's credentials go on every hop to its own origin and on no other hop.
 * Transient failures are retried per the {@link RetryPolicy} (each try of a page gets the whole page timeout); each
 * upstream has a {@link CircuitBreaker} that refuses calls at once while the upstream is down. A failure is logged
 * once, after the last try; URLs in logs and messages go through {@link Origin#redact}.
 */
public final class UpstreamClient extends ContainerLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
  static final String USER_AGENT = "Pantry/0.1 (+https://github.com/pantry)";

  private final HttpClient http;
  private final Exchange exchange;
  private final Guards guards;
  private final Metrics metrics;
  private final Clock clock;
  private final AddressGuard guard = new AddressGuard();

  /** A client with the default circuit breaker policy. */
  public UpstreamClient(Timeouts timeouts, long maxPageBytes, RetryPolicy retry) {
    this(timeouts, maxPageBytes, retry, BreakerPolicy.defaults());
  }

  /**
   * @param timeouts     connect and idle timeouts for every exchange, and the total for a page
   * @param maxPageBytes the largest index page accepted (decoded bytes)
   */
  public UpstreamClient(Timeouts timeouts, long maxPageBytes, RetryPolicy retry, BreakerPolicy breakerPolicy) {
    this(timeouts, maxPageBytes, retry, breakerPolicy, new Metrics(), Clock.systemUTC());
  }

  /** As the full form, with the default bulkhead. */
  public UpstreamClient(Timeouts timeouts, long maxPageBytes, RetryPolicy retry, BreakerPolicy breakerPolicy,
      Metrics metrics, Clock clock) {
    this(timeouts, maxPageBytes, retry, breakerPolicy, BulkheadPolicy.defaults(),
        new PageMemory(Runtime.getRuntime().maxMemory() / 4), metrics, clock);
  }

  /**
   * A client that reports latency, errors and bytes received to {@code metrics}.
   *
   * @param bulkheadPolicy each upstream's limit on exchanges at once, and its queue
   * @param pageMemory     what all pages being read share (the caller parses within it too)
   * @param clock          what circuits read for cool-downs and the times health reports
   */
  public UpstreamClient(Timeouts timeouts, long maxPageBytes, RetryPolicy retry, BreakerPolicy breakerPolicy,
      BulkheadPolicy bulkheadPolicy, PageMemory pageMemory, Metrics metrics, Clock clock) {
    Objects.requireNonNull(timeouts, "timeouts");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (maxPageBytes < 1) {
      throw new IllegalArgumentException("maxPageBytes must be positive: " + maxPageBytes);
    }
    this.guards = new Guards(Objects.requireNonNull(retry, "retry"),
        Objects.requireNonNull(breakerPolicy, "breakerPolicy"),
        Objects.requireNonNull(bulkheadPolicy, "bulkheadPolicy"), Objects.requireNonNull(clock, "clock"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = newHttpClient(timeouts, guard);
    this.exchange = new Exchange(http, timeouts, maxPageBytes, pageMemory);
    addBean(http, true);
  }

  private static HttpClient newHttpClient(Timeouts timeouts, AddressGuard guard) {
    HttpClient http = new HttpClient(new GuardedTransport(new ClientConnector(), guard));
    http.setName("pantry-upstream");
    http.setFollowRedirects(false);
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    http.setConnectTimeout(timeouts.connect().toMillis());
    http.setAddressResolutionTimeout(timeouts.connect().toMillis());
    http.setIdleTimeout(timeouts.idle().toMillis());
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
    // Selectors stay on these platform threads (they would pin virtual carriers); blocking work may go virtual.
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("pantry-upstream");
    if (VirtualThreads.areSupported()) {
      pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("pantry-upstream-virtual"));
    }
    http.setExecutor(pool);
    return http;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    // HttpClient installs these when it starts. Redirects are ours (credentials per hop), and no AuthenticationStore
    // is used: a 401 must come back as it is, not be answered from a store.
    http.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
    http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
  }

  /**
   * Fetches an index page, buffered.
   *
   * @param conditional validators from the cached copy, sent as If-None-Match/If-Modified-Since; {@code none()} if none
   * @param accept      the Accept header, or blank for none
   * @return Fetched (finalUrl after redirects), NotModified (validators as the upstream sent them, else as given),
   *     NotFound (404/410) or Failed (TOO_LARGE, UPSTREAM_TIMEOUT, UPSTREAM_FAILED, or UNAVAILABLE while the circuit
   *     is open)
   */
  public Outcome<byte[]> fetchPage(UpstreamConfig upstream, URI url, Outcome.Validators conditional, String accept) {
    return fetchPage(upstream, url, conditional, accept, Outcome.Hops.ANY_ORIGIN);
  }

  /** As {@link #fetchPage(UpstreamConfig, URI, Outcome.Validators, String)}, and Forwarded where {@code hops} says. */
  public Outcome<byte[]> fetchPage(UpstreamConfig upstream, URI url, Outcome.Validators conditional, String accept,
      Outcome.Hops hops) {
    Objects.requireNonNull(conditional, "conditional");
    Objects.requireNonNull(accept, "accept");
    Bulkhead bulkhead = bulkhead(upstream);
    Problem busy = bulkhead.acquire();
    if (busy != null) {
      return refusedBusy(upstream, busy);
    }
    try {
      // One deadline for every try: timeout.page is what a client waits at most, retries included.
      long deadline = System.nanoTime() + exchange.timeouts(upstream).page().toNanos();
      Outcome<byte[]> outcome = run(upstream, url, "page", deadline,
          () -> exchange.page(upstream, url, conditional, accept, hops, deadline));
      if (outcome instanceof Outcome.Fetched<byte[]> f) {
        metrics.upstreamBytes(upstream.id(), f.body().length);
      }
      return outcome;
    } finally {
      bulkhead.release();
    }
  }

  /**
   * Opens a file for streaming: returns once the final hop's response headers are in. The caller must close the
   * {@link FileStream}; closing early aborts the exchange, and closing gives back the upstream's bulkhead place. Only
   * the idle timeout bounds it. A failure while reading is an IOException from read(), and counts against the
   * upstream's circuit.
   */
  public Outcome<FileStream> openFile(UpstreamConfig upstream, URI url) {
    Bulkhead bulkhead = bulkhead(upstream);
    Problem busy = bulkhead.acquire();
    if (busy != null) {
      return refusedBusy(upstream, busy);
    }
    Outcome<FileStream> outcome;
    try {
      outcome = open(upstream, url);
    } catch (RuntimeException | Error e) {
      bulkhead.release();
      throw e;
    }
    if (outcome instanceof Outcome.Fetched<FileStream> f) {
      FileStream s = f.body();
      FileStream counted = new FileStream(s.finalUrl(), s.contentLength(),
          new CountingInputStream(s.body(), n -> metrics.upstreamBytes(upstream.id(), n), bulkhead::release));
      return new Outcome.Fetched<>(f.finalUrl(), counted, f.contentType(), f.validators());
    }
    bulkhead.release();
    return outcome;
  }

  private Outcome<FileStream> open(UpstreamConfig upstream, URI url) {
    CircuitBreaker circuit = circuit(upstream);
    return run(upstream, url, "file", Long.MAX_VALUE, () -> exchange.file(upstream, url, failure -> {
      LOG.warn("upstream {}: {} while reading file {}", upstream.id(), failure.problem().message(),
          Origin.redact(failure.at()));
      metrics.upstreamError(upstream.id(), "read");
      circuit.onFailure(failure.problem().message());
    }));
  }

  private <T> Outcome<T> refusedBusy(UpstreamConfig upstream, Problem busy) {
    metrics.upstreamError(upstream.id(), "busy");
    LOG.warn("upstream {}: {}", upstream.id(), busy.message());
    return new Outcome.Failed<>(busy);
  }

  private Bulkhead bulkhead(UpstreamConfig upstream) {
    return guards.bulkhead(upstream);
  }

  /**
   * Null when the mirror may fetch {@code link} for {@code upstream} as far as can be told now (an http(s) URL on one
   * of its file hosts, whose host does not resolve only to addresses the mirror refuses), else why not, in one line.
   * The connection itself is checked again, whatever this said.
   */
  public @Nullable String linkRefusal(UpstreamConfig upstream, URI link) {
    String host = link.getHost();
    if (host == null || !"http".equalsIgnoreCase(link.getScheme()) && !"https".equalsIgnoreCase(link.getScheme())) {
      return "not an http(s) URL";
    }
    if (!upstream.allowsFileHost(host)) {
      return "host " + host + " is not one of upstream " + upstream.id() + "'s file hosts";
    }
    return guard.refusal(new UpstreamTag(upstream.id(), upstream.indexUrl().getHost()), host);
  }

  /** The circuit of one upstream, created closed on first use. */
  public CircuitBreaker circuit(String upstreamId) {
    return guards.circuit(upstreamId);
  }

  /** The upstream's circuit, made with its own breaker policy when it has one. */
  public CircuitBreaker circuit(UpstreamConfig upstream) {
    return guards.circuit(upstream);
  }

  /** One upstream's health: circuit state, last success and failure. */
  public UpstreamHealth health(String upstreamId) {
    return circuit(upstreamId).health();
  }

  private <T> Outcome<T> run(UpstreamConfig upstream, URI url, String what, long deadline,
      Supplier<Attempt<T>> once) {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(url, "url");
    CircuitBreaker circuit = circuit(upstream);
    Problem refused = circuit.tryAcquire();
    if (refused != null) {
      metrics.upstreamError(upstream.id(), "circuit_open");
      LOG.debug("upstream {}: {} {} refused: {}", upstream.id(), what, Origin.redact(url), refused.message());
      return new Outcome.Failed<>(refused);
    }
    @Nullable Attempt<T> attempt = null;
    try {
      attempt = withRetries(upstream, what, deadline, timed(upstream.id(), what, once));
    } finally {
      record(circuit, attempt);
    }
    Failure failure = attempt.failure();
    if (failure != null) {
      LOG.warn("upstream {}: {} {} failed: {}", upstream.id(), what, Origin.redact(failure.at()),
          failure.problem().message());
    }
    return attempt.outcome();
  }

  /** Reports each try's duration, and its failure kind when it failed. */
  private <T> Supplier<Attempt<T>> timed(String upstreamId, String what, Supplier<Attempt<T>> once) {
    return () -> {
      long start = System.nanoTime();
      Attempt<T> a = once.get();
      metrics.upstreamExchange(upstreamId, what, System.nanoTime() - start);
      if (a.failure() != null) {
        metrics.upstreamError(upstreamId, a.failure().problem().kind().name());
      }
      return a;
    };
  }

  /** Tries again while the failure is transient, tries are left, and a retry could still finish by the deadline. */
  private <T> Attempt<T> withRetries(UpstreamConfig upstream, String what, long deadline,
      Supplier<Attempt<T>> once) {
    RetryPolicy retry = guards.retry(upstream);
    Attempt<T> attempt = once.get();
    for (int tries = 1; tries < retry.maxAttempts() && attempt.retryable(); tries++) {
      Duration pause = retry.backoff(tries);
      if (deadline != Long.MAX_VALUE && System.nanoTime() + pause.toNanos() >= deadline) {
        break;
      }
      Failure failure = Objects.requireNonNull(attempt.failure());
      LOG.info("upstream {}: {} {}: {}; try {} of {} in {} ms", upstream.id(), what, Origin.redact(failure.at()),
          failure.problem().message(), tries + 1, retry.maxAttempts(), pause.toMillis());
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return attempt;
      }
      attempt = once.get();
    }
    return attempt;
  }

  /**
   * Tells the circuit how the exchange went. A thrown exception is the mirror's own failure (out of memory, a bug),
   * never the upstream's: it is not counted.
   */
  private static void record(CircuitBreaker circuit, @Nullable Attempt<?> attempt) {
    Failure f = attempt == null ? null : attempt.failure();
    if (attempt == null || f != null && f.blame() == Failure.Blame.MIRROR) {
      circuit.onAborted();
    } else if (f == null) {
      circuit.onSuccess();
    } else if (f.retryable()) {
      circuit.onFailure(f.problem().message());
    } else {
      circuit.onAnswered(f.problem().message(), f.blame() == Failure.Blame.CREDENTIALS);
    }
  }

}
