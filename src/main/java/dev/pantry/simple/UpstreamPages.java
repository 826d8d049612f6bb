package dev.pantry.simple;

import dev.pantry.config.Origin;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.coordination.Claim;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.coordination.Ticket;
import dev.pantry.error.Problem;
import dev.pantry.simple.PageResult.CacheStatus;
import dev.pantry.upstream.CircuitBreaker;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamClient;
import dev.pantry.upstream.UpstreamGate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream's page for one project: from the cache while fresh, else fetched (one fetch shared by concurrent
 * requests), revalidated, or the last good copy when the upstream fails. Which upstream to ask is the caller's
 * business ({@link PageService}).
 *
 * <p>"Not here" answers (404, or a forward to another origin) are remembered for a TTL in process memory; that
 * memory is a cache, dropped by the coordination seam's invalidations.
 */
final class UpstreamPages {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamPages.class);

  private final UpstreamClient client;
  private final PageStore pages;
  private final PageWriter writer;
  private final Coordinator coordinator;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> notFoundUntil = new ConcurrentHashMap<>();
  /** How long, and how many times, a page request waits for another replica fetching the same page. */
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);
  private static final int CLAIM_TRIES = 3;

  /** Where a found page came from, as far as this fetch can tell. */
  enum Via {
    /** The upstream's own origin answered it. */
    HOME,
    /** A redirect to another origin did. */
    FORWARD,
    /** The cache, or a 304: not known. */
    UNKNOWN
  }

  /** One upstream's answer for one page. */
  sealed interface Resolution {
    record Found(PageResult.Served served, Via via) implements Resolution {
      Found(PageResult.Served served) {
        this(served, Via.UNKNOWN);
      }
    }

    /** A 404 or 410, or (when asked to stay on the upstream's origin) a redirect to another origin. */
    record NotFound() implements Resolution {}

    record Error(Problem problem) implements Resolution {}
  }

  UpstreamPages(UpstreamClient client, PageStore pages, PageWriter writer, Coordinator coordinator, Clock clock) {
    this.client = client;
    this.pages = pages;
    this.writer = writer;
    this.coordinator = coordinator;
    this.clock = clock;
    coordinator.subscribe(this::onInvalidation);
  }

  /** {@code up}'s page of {@code project} ("" for the root), following redirects as {@code hops} says. */
  Resolution resolve(PantryConfig c, UpstreamConfig up, String project, UpstreamGate gate, Outcome.Hops hops) {
    String key = key(up.id(), project);
    Long negative = notFoundUntil.get(key);
    if (negative != null && negative > clock.millis()) {
      return new Resolution.NotFound();
    }
    Optional<StoredPage> cached = pages.load(up.id(), project);
    if (cached.isPresent() && isFresh(c, cached.get())) {
      return new Resolution.Found(new PageResult.Served(cached.get(), CacheStatus.HIT));
    }
    if (cached.isPresent() && client.circuit(up).state() == CircuitBreaker.State.OPEN) {
      // The upstream is known to be down: answer from the cache now rather than queue behind it.
      return stale(c, up, project, cached.get(), Problem.of(Problem.Kind.UNAVAILABLE, "upstream circuit open"));
    }
    // Joining a fetch under way costs the upstream nothing (no rate limit), but the wait still holds a place.
    Problem refused = coordinator.inFlight("page:" + key) ? gate.join() : gate.enter();
    if (refused != null) {
      return cached.isPresent()
          ? new Resolution.Found(new PageResult.Served(cached.get(), CacheStatus.STALE))
          : new Resolution.Error(refused);
    }
    Ticket<CompletableFuture<Resolution>> ticket = coordinator.join("page:" + key, CompletableFuture::new);
    if (!ticket.leader()) {
      return ticket.state().join();
    }
    CompletableFuture<Resolution> mine = ticket.state();
    Claim.Granted[] claim = new Claim.Granted[1];
    try {
      // A fetch that finished between our cache check and our join (here, or on another replica while we waited for
      // its claim) has stored a fresh page: use it.
      Optional<StoredPage> again = pages.load(up.id(), project);
      if (!(again.isPresent() && isFresh(c, again.get()))) {
        claim[0] = claim("page:" + up.id() + "/" + project); // no NUL: PostgreSQL text cannot hold one
        again = pages.load(up.id(), project);
      }
      Resolution r = again.isPresent() && isFresh(c, again.get())
          ? new Resolution.Found(new PageResult.Served(again.get(), CacheStatus.HIT))
          : refresh(c, up, project, again.or(() -> cached).orElse(null), hops);
      mine.complete(r);
      return r;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      ticket.land();
      // The claim lasts until the page is written, so another replica waits for the stored page rather than fetching
      // it again (here, the staged page serves meanwhile).
      if (claim[0] != null) {
        writer.whenWritten(up.id(), project, claim[0]::release);
      }
    }
  }

  /** The page when memory holds it whole and it is fresh; null otherwise. Never reads the index or the store. */
  @Nullable StoredPage heldFresh(PantryConfig c, UpstreamConfig up, String project) {
    StoredPage page = pages.peek(up.id(), project).orElse(null);
    if (page == null || page.held() == null || !isFresh(c, page) || notFoundUntil.containsKey(key(up.id(), project))) {
      return null;
    }
    return page;
  }

  /**
   * This process's claim on fetching a page, after waiting (bounded) for another replica that holds it; a claim won
   * after a wait usually finds the page stored. An interrupted wait fetches anyway: a second fetch costs only time.
   */
  private Claim.@Nullable Granted claim(String key) {
    try {
      for (int tries = 0; tries < CLAIM_TRIES; tries++) {
        Claim c = coordinator.claim(key);
        if (c instanceof Claim.Granted granted) {
          return granted;
        }
        if (((Claim.Elsewhere) c).awaitRelease(CLAIM_WAIT)) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  boolean isFresh(PantryConfig c, StoredPage page) {
    return clock.millis() - page.record().fetchedAt() < c.pageTtl(page.record().upstreamId()).toMillis();
  }

  private Resolution refresh(PantryConfig c, UpstreamConfig up, String project, @Nullable StoredPage cached,
      Outcome.Hops hops) {
    URI url = project.isEmpty() ? up.indexUrl() : up.indexUrl().resolve(project + "/");
    // A page filtered by age must be fetched whole: a 304 would keep hiding files that have come of age.
    Outcome.Validators validators = cached == null || MinimumAge.applies(up, project)
        ? Outcome.Validators.none()
        : new Outcome.Validators(cached.record().upstreamEtag(), cached.record().upstreamLastModified());
    Outcome<byte[]> outcome = client.fetchPage(up, url, validators, PageFetcher.UPSTREAM_ACCEPT, hops);
    if (outcome instanceof Outcome.Fetched<byte[]> f) {
      return store(c, up, project, f, cached);
    }
    if (outcome instanceof Outcome.NotModified<byte[]>) {
      return cached == null
          ? new Resolution.Error(Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream answered 304 to a plain request"))
          : new Resolution.Found(new PageResult.Served(pages.touch(cached, clock.millis()), CacheStatus.REVALIDATED));
    }
    if (outcome instanceof Outcome.Forwarded<byte[]> fw) {
      LOG.info("page {} on upstream {} forwards to {}: not this upstream's project", PageWriter.label(project),
          up.id(), Origin.redact(fw.to()));
    }
    if (outcome instanceof Outcome.NotFound<byte[]> || outcome instanceof Outcome.Forwarded<byte[]>) {
      return notHere(c, up, project);
    }
    return stale(c, up, project, cached, ((Outcome.Failed<byte[]>) outcome).problem());
  }

  private Resolution store(PantryConfig c, UpstreamConfig up, String project, Outcome.Fetched<byte[]> f,
      @Nullable StoredPage cached) {
    PageWriter.Written w = writer.write(up, project, f, clock.millis());
    if (w instanceof PageWriter.Written.Malformed m) {
      return stale(c, up, project, cached, malformed(f.finalUrl(), m.reason()));
    }
    if (w instanceof PageWriter.Written.Busy busy) {
      return stale(c, up, project, cached, busy.problem());
    }
    if (w instanceof PageWriter.Written.Empty) {
      LOG.info("page {} on upstream {} lists no files: taken as not this upstream's project", PageWriter.label(project),
          up.id());
      return notHere(c, up, project);
    }
    notFoundUntil.remove(key(up.id(), project));
    Via via = up.origin().matches(f.finalUrl()) ? Via.HOME : Via.FORWARD;
    return new Resolution.Found(new PageResult.Served(((PageWriter.Written.Page) w).page(), CacheStatus.MISS), via);
  }

  /** Remembers for a TTL that {@code up} does not offer the project, and says so. */
  private Resolution notHere(PantryConfig c, UpstreamConfig up, String project) {
    notFoundUntil.put(key(up.id(), project), clock.millis() + c.pageTtl(up).toMillis());
    return new Resolution.NotFound();
  }

  private Resolution stale(PantryConfig c, UpstreamConfig up, String project, @Nullable StoredPage cached,
      Problem problem) {
    if (cached == null) {
      LOG.warn("page {} from upstream {} failed, nothing cached: {}", PageWriter.label(project), up.id(),
          problem.message());
      return new Resolution.Error(problem);
    }
    Duration pastTtl = Duration.ofMillis(clock.millis() - cached.record().fetchedAt()).minus(c.pageTtl(up));
    if (!pastTtl.isNegative() && !c.cache().allowsStale(pastTtl)) {
      LOG.warn("page {} from upstream {} failed, and the cached copy is {}s past its TTL, beyond max-stale: {}",
          PageWriter.label(project), up.id(), pastTtl.toSeconds(), problem.message());
      return new Resolution.Error(Problem.of(problem.kind(), problem.message()
          + " (the cached copy is older than max-stale allows)"));
    }
    LOG.warn("page {} from upstream {} failed, serving the cached copy: {}", PageWriter.label(project), up.id(),
        problem.message());
    return new Resolution.Found(new PageResult.Served(cached, CacheStatus.STALE, staleReason(problem)));
  }

  private void onInvalidation(Invalidation event) {
    if (event instanceof Invalidation.Project p) {
      notFoundUntil.remove(key(p.upstreamId(), p.project()));
    } else if (event instanceof Invalidation.Name n) {
      notFoundUntil.keySet().removeIf(k -> k.endsWith('\0' + n.project()));
    } else if (event instanceof Invalidation.All) {
      notFoundUntil.clear();
    }
  }

  private static String staleReason(Problem problem) {
    return problem.kind() == Problem.Kind.UNAVAILABLE ? "upstream circuit open" : "upstream unavailable";
  }

  private static Problem malformed(URI url, String reason) {
    return Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream page " + Origin.redact(url) + " is malformed: " + reason);
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }
}
