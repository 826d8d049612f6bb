package dev.pantry.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's metrics. Each server has its own registry (tests run several servers in one JVM), exposed in the
 * Prometheus text format by {@link #write}. Every method is cheap and thread-safe; label values come from small fixed
 * sets (routes, statuses, cache results, upstream ids, problem kinds), never from request paths.
 */
public final class Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  private static final double[] LATENCY_BOUNDS = {.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ConcurrentHashMap<String, CounterDataPoint[]> requestSeries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CounterDataPoint> bytesSeries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CounterDataPoint> pageSeries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CounterDataPoint> fileSeries = new ConcurrentHashMap<>();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter requests = Counter.builder().name("pantry_http_requests")
      .help("HTTP responses by route and status").labelNames("route", "status").register(registry);
  private final Counter bytesServed = Counter.builder().name("pantry_http_response_bytes")
      .help("Response body bytes sent to clients, by route").labelNames("route").register(registry);
  private final Counter pages = Counter.builder().name("pantry_pages_served")
      .help("Index pages served, by cache result (hit, miss, revalidated, stale)").labelNames("cache")
      .register(registry);
  private final Counter files = Counter.builder().name("pantry_files_served")
      .help("Files served, by cache result (hit, miss)").labelNames("cache").register(registry);
  private final Counter upstreamBytes = Counter.builder().name("pantry_upstream_bytes")
      .help("Body bytes received from upstreams (pages and files)").labelNames("upstream").register(registry);
  private final Histogram upstreamLatency = Histogram.builder().name("pantry_upstream_request_duration_seconds")
      .help("Upstream exchanges, each try on its own: a whole page, or a file until its headers arrive")
      .labelNames("upstream", "kind").classicOnly().classicUpperBounds(LATENCY_BOUNDS).withoutExemplars()
      .register(registry);
  private final Counter upstreamErrors = Counter.builder().name("pantry_upstream_errors")
      .help("Failed upstream exchanges, by kind (upstream_failed, upstream_timeout, too_large, circuit_open, read, ...)")
      .labelNames("upstream", "kind").register(registry);
  private final Gauge downloads = Gauge.builder().name("pantry_downloads_in_flight")
      .help("Files being downloaded from upstreams right now").register(registry);
  private final Counter limited = Counter.builder().name("pantry_rate_limited")
      .help("Requests answered 429, by route and bucket (request, upstream)").labelNames("route", "bucket")
      .register(registry);
  private final Counter reloads = Counter.builder().name("pantry_config_reloads")
      .help("Configuration reloads, by result (applied, rejected)").labelNames("result").register(registry);

  /** Starts the fixed label sets at zero, so rates work from the first scrape and every family shows. */
  public Metrics() {
    for (String c : new String[] {"hit", "miss", "revalidated", "stale"}) {
      pages.initLabelValues(c);
    }
    files.initLabelValues("hit");
    files.initLabelValues("miss");
    for (String route : new String[] {"simple", "files"}) {
      bytesServed.initLabelValues(route);
      limited.initLabelValues(route, "request");
      limited.initLabelValues(route, "upstream");
    }
    reloads.initLabelValues("applied");
    reloads.initLabelValues("rejected");
  }

  /** Cache totals for the size gauges. */
  public record CacheTotals(long files, long bytes) {}

  /** One HTTP response: its route label, status and body bytes sent. */
  public void request(String route, int status, long bytes) {
    // Every response lands here: the series are looked up once and kept (labelValues hashes its labels each call).
    CounterDataPoint[] byStatus = requestSeries.computeIfAbsent(route, r -> new CounterDataPoint[600]);
    int i = status >= 100 && status < 600 ? status : 0;
    CounterDataPoint point = byStatus[i];
    if (point == null) {
      point = requests.labelValues(route, Integer.toString(status));
      byStatus[i] = point; // a race stores the same series twice, which is harmless
    }
    point.inc();
    if (bytes > 0) {
      bytesSeries.computeIfAbsent(route, bytesServed::labelValues).inc(bytes);
    }
  }

  /** An index page served; {@code cacheStatus} is HIT, MISS, REVALIDATED or STALE (the X-Pantry-Cache value). */
  public void pageServed(String cacheStatus) {
    pageSeries.computeIfAbsent(cacheStatus, s -> pages.labelValues(s.toLowerCase(Locale.ROOT))).inc();
  }

  /** A file served; {@code cacheStatus} is HIT or MISS. */
  public void fileServed(String cacheStatus) {
    fileSeries.computeIfAbsent(cacheStatus, s -> files.labelValues(s.toLowerCase(Locale.ROOT))).inc();
  }

  /** Bytes received from an upstream. */
  public void upstreamBytes(String upstreamId, long n) {
    if (n > 0) {
      upstreamBytes.labelValues(upstreamId).inc(n);
    }
  }

  /** One try of an upstream exchange; {@code kind} is {@code page} or {@code file}. */
  public void upstreamExchange(String upstreamId, String kind, long nanos) {
    upstreamLatency.labelValues(upstreamId, kind).observe(nanos / 1e9);
  }

  /** A failed upstream exchange; {@code kind} is a problem kind or {@code circuit_open} / {@code read}. */
  public void upstreamError(String upstreamId, String kind) {
    upstreamErrors.labelValues(upstreamId, kind.toLowerCase(Locale.ROOT)).inc();
  }

  public void downloadStarted() {
    downloads.inc();
  }

  public void downloadEnded() {
    downloads.dec();
  }

  /** A request answered 429; {@code bucket} is {@code request} or {@code upstream}. */
  public void rateLimited(String route, String bucket) {
    limited.labelValues(route, bucket).inc();
  }

  public void configReload(boolean applied) {
    reloads.labelValues(applied ? "applied" : "rejected").inc();
  }

  /**
   * Reports the cache's size and file count at each scrape. A failing supplier (the database is closing) leaves the
   * gauges out of that scrape rather than failing it.
   */
  public void watchCache(Supplier<CacheTotals> source) {
    Supplier<CacheTotals> totals = new Memo(source);
    GaugeWithCallback.builder().name("pantry_cache_bytes").help("Bytes of cached files")
        .callback(cb -> {
          CacheTotals t = read(totals);
          if (t != null) {
            cb.call(t.bytes());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("pantry_cache_files").help("Cached files")
        .callback(cb -> {
          CacheTotals t = read(totals);
          if (t != null) {
            cb.call(t.files());
          }
        }).register(registry);
  }

  /**
   * Reports shadowed project names at each scrape: names a higher-priority upstream owns that a lower one also
   * offers, by owner and by the upstream shadowed.
   */
  public void watchShadows(Supplier<Map<List<String>, Integer>> counts) {
    GaugeWithCallback.builder().name("pantry_shadowed_projects")
        .help("Project names one upstream owns and a lower-priority upstream also offers (never served from it)")
        .labelNames("owner", "shadowed_by")
        .callback(cb -> counts.get().forEach((pair, n) -> cb.call(n, pair.get(0), pair.get(1)))).register(registry);
  }

  private static @Nullable CacheTotals read(Supplier<CacheTotals> totals) {
    try {
      return totals.get();
    } catch (RuntimeException e) {
      LOG.debug("cache totals unavailable for metrics: {}", e.toString());
      return null;
    }
  }

  /** Answers both gauges of one scrape from one query: a value younger than a second is reused. */
  private static final class Memo implements Supplier<CacheTotals> {
    private final Supplier<CacheTotals> source;
    private @Nullable CacheTotals last;
    private long at;

    Memo(Supplier<CacheTotals> source) {
      this.source = source;
    }

    @Override
    public synchronized CacheTotals get() {
      long now = System.nanoTime();
      if (last == null || now - at > 1_000_000_000L) {
        last = source.get();
        at = now;
      }
      return last;
    }
  }

  /** The content type of {@link #write}. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric in the Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
