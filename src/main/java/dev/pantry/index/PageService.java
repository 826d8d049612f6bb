package dev.pantry.index;

import dev.pantry.cache.MetadataStore;
import dev.pantry.cache.PageStore;
import dev.pantry.cache.PageStore.StoredPage;
import dev.pantry.config.Origin;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.index.PageResult.CacheStatus;
import dev.pantry.upstream.CircuitBreaker;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamClient;
import dev.pantry.upstream.UpstreamGate;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves index pages from the cache, refreshing them from the upstreams when their TTL has passed.
 *
 * <p>Upstreams are asked in priority order; only an explicit "not found" moves on to the next, so a failing private
 * registry never lets a public package of the same name through. A failed refresh serves the last good page, unless
 * it is older than {@code max-stale} past its TTL. While an upstream's circuit is open, its cached pages are served
 * stale at once, without waiting on it. Concurrent requests for one page share one upstream fetch. Offline, no
 * upstream is asked: cached pages are served as they are (stale), the rest is a 504.
 */
public final class PageService {
  /** Pip's preference, so the upstream gives us the richer JSON when it can. */
  static final String UPSTREAM_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

  private static final Logger LOG = LoggerFactory.getLogger(PageService.class);

  private final LiveConfig config;
  private final UpstreamClient client;
  private final PageStore pages;
  private final MetadataStore meta;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<Resolution>> inflight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> notFoundUntil = new ConcurrentHashMap<>();

  /** One upstream's answer for one page. */
  private sealed interface Resolution {
    record Found(PageResult.Served served) implements Resolution {}

    record NotFound() implements Resolution {}

    record Error(Problem problem) implements Resolution {}
  }

  public PageService(LiveConfig config, UpstreamClient client, PageStore pages, MetadataStore meta, Clock clock) {
    this.config = config;
    this.client = client;
    this.pages = pages;
    this.meta = meta;
    this.clock = clock;
  }

  /** The answer for a page the cache does not hold, in offline mode. */
  static final Problem OFFLINE = Problem.of(Problem.Kind.UPSTREAM_TIMEOUT, "offline: not cached");

  /** The page of a project, by its normalized name. */
  public PageResult project(String normalizedName) {
    return project(normalizedName, UpstreamGate.OPEN);
  }

  /**
   * The page of a project, asking {@code gate} before contacting an upstream. A refused request gets the cached copy
   * of an expired page (as STALE), or the gate's problem when nothing is cached.
   */
  public PageResult project(String normalizedName, UpstreamGate gate) {
    if (config.get().cache().offline()) {
      return offline(config.get().upstreams(), normalizedName);
    }
    for (UpstreamConfig up : config.get().upstreams()) {
      Resolution r = shared(up, normalizedName, gate);
      if (r instanceof Resolution.Found f) {
        return f.served();
      }
      if (r instanceof Resolution.Error e) {
        return new PageResult.Failed(e.problem());
      }
    }
    return new PageResult.Missing();
  }

  /** The root page of the first upstream (the project list). */
  public PageResult root() {
    return root(UpstreamGate.OPEN);
  }

  /** The root page, asking {@code gate} before contacting the upstream, as {@link #project(String, UpstreamGate)}. */
  public PageResult root(UpstreamGate gate) {
    if (config.get().cache().offline()) {
      return offline(config.get().upstreams().subList(0, 1), "");
    }
    Resolution r = shared(config.get().upstreams().get(0), "", gate);
    if (r instanceof Resolution.Found f) {
      return f.served();
    }
    if (r instanceof Resolution.Error e) {
      return new PageResult.Failed(e.problem());
    }
    return new PageResult.Missing();
  }

  /**
   * Forgets what is known to be fresh about a project on every upstream (a stored page and a remembered "not
   * found"), so the next {@link #project} asks the upstreams again. An admin's "refresh".
   */
  public void invalidate(String normalizedName) {
    for (UpstreamConfig up : config.get().upstreams()) {
      pages.invalidate(up.id(), normalizedName);
      notFoundUntil.remove(up.id() + '\0' + normalizedName);
    }
  }

  /** Offline: the first cached copy in priority order, whatever its age, marked stale; else 504. */
  private PageResult offline(List<UpstreamConfig> ups, String project) {
    for (UpstreamConfig up : ups) {
      Optional<StoredPage> cached = pages.load(up.id(), project);
      if (cached.isPresent()) {
        return new PageResult.Served(cached.get(), CacheStatus.STALE, "offline");
      }
    }
    return new PageResult.Failed(OFFLINE);
  }

  private Resolution shared(UpstreamConfig up, String project, UpstreamGate gate) {
    String key = up.id() + '\0' + project;
    Long negative = notFoundUntil.get(key);
    if (negative != null && negative > clock.millis()) {
      return new Resolution.NotFound();
    }
    Optional<StoredPage> cached = pages.load(up.id(), project);
    if (cached.isPresent() && isFresh(cached.get())) {
      return new Resolution.Found(new PageResult.Served(cached.get(), CacheStatus.HIT));
    }
    if (cached.isPresent() && client.circuit(up.id()).state() == CircuitBreaker.State.OPEN) {
      // The upstream is known to be down: answer from the cache now rather than queue behind it.
      return stale(up, project, cached.get(), Problem.of(Problem.Kind.UNAVAILABLE, "upstream circuit open"));
    }
    CompletableFuture<Resolution> running = inflight.get(key);
    if (running != null) {
      // Joining a fetch under way costs the upstream nothing: no gate.
      return running.join();
    }
    Problem refused = gate.enter();
    if (refused != null) {
      return cached.isPresent()
          ? new Resolution.Found(new PageResult.Served(cached.get(), CacheStatus.STALE))
          : new Resolution.Error(refused);
    }
    CompletableFuture<Resolution> mine = new CompletableFuture<>();
    CompletableFuture<Resolution> leader = inflight.putIfAbsent(key, mine);
    if (leader != null) {
      return leader.join();
    }
    try {
      // A fetch that finished between our cache check and our putIfAbsent has stored a fresh page: use it.
      Optional<StoredPage> again = pages.load(up.id(), project);
      if (again.isPresent() && isFresh(again.get())) {
        Resolution hit = new Resolution.Found(new PageResult.Served(again.get(), CacheStatus.HIT));
        mine.complete(hit);
        return hit;
      }
      Resolution r = refresh(up, project, again.or(() -> cached).orElse(null));
      mine.complete(r);
      return r;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine);
    }
  }

  private boolean isFresh(StoredPage page) {
    return clock.millis() - page.record().fetchedAt() < config.get().pageTtl().toMillis();
  }

  private Resolution refresh(UpstreamConfig up, String project, @Nullable StoredPage cached) {
    URI url = project.isEmpty() ? up.indexUrl() : up.indexUrl().resolve(project + "/");
    Outcome.Validators validators = cached == null
        ? Outcome.Validators.none()
        : new Outcome.Validators(cached.record().upstreamEtag(), cached.record().upstreamLastModified());
    Outcome<byte[]> outcome = client.fetchPage(up, url, validators, UPSTREAM_ACCEPT);
    if (outcome instanceof Outcome.Fetched<byte[]> f) {
      return store(up, project, f, cached);
    }
    if (outcome instanceof Outcome.NotModified<byte[]>) {
      return cached == null
          ? new Resolution.Error(Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream answered 304 to a plain request"))
          : new Resolution.Found(new PageResult.Served(pages.touch(cached, clock.millis()), CacheStatus.REVALIDATED));
    }
    if (outcome instanceof Outcome.NotFound<byte[]>) {
      notFoundUntil.put(up.id() + '\0' + project, clock.millis() + config.get().pageTtl().toMillis());
      return new Resolution.NotFound();
    }
    return stale(up, project, cached, ((Outcome.Failed<byte[]>) outcome).problem());
  }

  private Resolution store(UpstreamConfig up, String project, Outcome.Fetched<byte[]> f, @Nullable StoredPage cached) {
    byte[] html;
    byte[] json;
    int count;
    if (project.isEmpty()) {
      ParseResult<ProjectList> parsed = PageParser.parseRoot(f.body(), f.contentType());
      if (parsed instanceof ParseResult.Malformed<ProjectList> m) {
        return stale(up, project, cached, malformed(f.finalUrl(), m.reason()));
      }
      ProjectList list = ((ParseResult.Parsed<ProjectList>) parsed).value();
      html = HtmlRenderer.renderRoot(list);
      json = JsonRenderer.renderRoot(list);
      count = list.names().size();
    } else {
      ParseResult<ProjectPage> parsed = PageParser.parseProject(f.body(), f.contentType(), f.finalUrl(), project);
      if (parsed instanceof ParseResult.Malformed<ProjectPage> m) {
        return stale(up, project, cached, malformed(f.finalUrl(), m.reason()));
      }
      ProjectPage page = ((ParseResult.Parsed<ProjectPage>) parsed).value();
      // Rows first: every link a stored page shows must already be fetchable.
      meta.upsertListing(LinkRewriter.listing(up.id(), page));
      ProjectPage served = LinkRewriter.rewrite(up.id(), page);
      html = HtmlRenderer.renderProject(served);
      json = JsonRenderer.renderProject(served);
      count = page.files().size();
    }
    try {
      StoredPage stored = pages.save(up.id(), project, html, json, clock.millis(), f.validators().etag(),
          f.validators().lastModified(), count);
      notFoundUntil.remove(up.id() + '\0' + project);
      return new Resolution.Found(new PageResult.Served(stored, CacheStatus.MISS));
    } catch (IOException e) {
      LOG.error("cannot store page {} of upstream {}: {}", label(project), up.id(), e.toString());
      return new Resolution.Error(Problem.of(Problem.Kind.STORAGE, "cannot store the page: " + e.getMessage()));
    }
  }

  private Resolution stale(UpstreamConfig up, String project, @Nullable StoredPage cached, Problem problem) {
    if (cached == null) {
      LOG.warn("page {} from upstream {} failed, nothing cached: {}", label(project), up.id(), problem.message());
      return new Resolution.Error(problem);
    }
    Duration pastTtl = Duration.ofMillis(clock.millis() - cached.record().fetchedAt()).minus(config.get().pageTtl());
    if (!pastTtl.isNegative() && !config.get().cache().allowsStale(pastTtl)) {
      LOG.warn("page {} from upstream {} failed, and the cached copy is {}s past its TTL, beyond max-stale: {}",
          label(project), up.id(), pastTtl.toSeconds(), problem.message());
      return new Resolution.Error(Problem.of(problem.kind(), problem.message()
          + " (the cached copy is older than max-stale allows)"));
    }
    LOG.warn("page {} from upstream {} failed, serving the cached copy: {}", label(project), up.id(),
        problem.message());
    return new Resolution.Found(new PageResult.Served(cached, CacheStatus.STALE, staleReason(problem)));
  }

  private static String staleReason(Problem problem) {
    return problem.kind() == Problem.Kind.UNAVAILABLE ? "upstream circuit open" : "upstream unavailable";
  }

  private static Problem malformed(URI url, String reason) {
    return Problem.of(Problem.Kind.UPSTREAM_FAILED,
        "upstream page " + Origin.redact(url) + " is malformed: " + reason);
  }

  private static String label(String project) {
    return project.isEmpty() ? "/simple/" : "'" + project + "'";
  }

  /** Remaining freshness of a page, in seconds, for {@code Cache-Control: max-age}. */
  public long secondsFresh(StoredPage page) {
    long left = config.get().pageTtl().toMillis() - (clock.millis() - page.record().fetchedAt());
    return Math.max(0, left / 1000);
  }
}
