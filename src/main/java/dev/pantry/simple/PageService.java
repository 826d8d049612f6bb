package dev.pantry.simple;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.Origin;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.coordination.Ticket;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.files.Listings;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.simple.PageResult.CacheStatus;
import dev.pantry.upstream.CircuitBreaker;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.UpstreamClient;
import dev.pantry.upstream.UpstreamGate;
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
 * The simple feature's facade: serves index pages from the cache, refreshing them from the upstreams when their TTL
 * has passed.
 *
 * <p>Upstreams are asked in priority order; only an explicit "not found" moves on to the next, so a failing private
 * registry never lets a public package of the same name through. A failed refresh serves the last good page, unless
 * it is older than {@code max-stale} past its TTL. While an upstream's circuit is open, its cached pages are served
 * stale at once. Concurrent requests for one page share one upstream fetch. Offline, no upstream is asked: cached
 * pages are served as they are (stale), the rest is a 504.
 *
 * <p>"Not found" answers are remembered for a TTL in process memory; that memory is a cache, dropped by the
 * coordination seam's invalidations.
 */
public final class PageService implements Listings {
  private static final Logger LOG = LoggerFactory.getLogger(PageService.class);
  /** The answer for a page the cache does not hold, in offline mode. */
  static final Problem OFFLINE = Problem.of(Problem.Kind.UPSTREAM_TIMEOUT, "offline: not cached");

  private final LiveConfig config;
  private final UpstreamClient client;
  private final PageStore pages;
  private final PageWriter writer;
  private final Coordinator coordinator;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> notFoundUntil = new ConcurrentHashMap<>();


  /** One upstream's answer for one page. */
  sealed interface Resolution {
    record Found(PageResult.Served served) implements Resolution {}

    record NotFound() implements Resolution {}

    record Error(Problem problem) implements Resolution {}
  }

  /** @param memory what pages being read, parsed and rendered share, with the upstream client */
  public PageService(LiveConfig config, UpstreamClient client, PageStore pages, PageFetcher fetcher,
      Coordinator coordinator, Clock clock, PageMemory memory) {
    this.config = config;
    this.client = client;
    this.pages = pages;
    this.writer = new PageWriter(fetcher, pages, client, memory);
    this.coordinator = coordinator;
    this.clock = clock;
    coordinator.subscribe(this::onInvalidation);
  }

  /** The page of a project, by its normalized name. */
  public PageResult project(String normalizedName) {
    return project(normalizedName, UpstreamGate.OPEN);
  }

  /**
   * The page of a project, asking {@code gate} before contacting an upstream. A refused request gets the cached copy
   * of an expired page (as STALE), or the gate's problem when nothing is cached.
   */
  public PageResult project(String normalizedName, UpstreamGate gate) {
    PantryConfig c = config.get();
    if (c.cache().offline()) {
      return offline(c.upstreams(), normalizedName);
    }
    for (UpstreamConfig up : c.upstreams()) {
      Resolution r = shared(c, up, normalizedName, gate);
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
  public PageResult root(UpstreamGate gate) {
    PantryConfig c = config.get();
    if (c.cache().offline()) {
      return offline(c.upstreams().subList(0, 1), "");
    }
    Resolution r = shared(c, c.upstreams().get(0), "", gate);
    if (r instanceof Resolution.Found f) {
      return f.served();
    }
    return r instanceof Resolution.Error e ? new PageResult.Failed(e.problem()) : new PageResult.Missing();
  }

  @Override
  public @Nullable Problem refresh(String upstreamId, String project, UpstreamGate gate) {
    PantryConfig c = config.get();
    if (c.cache().offline()) {
      return pages.load(upstreamId, project).isPresent() ? null : OFFLINE;
    }
    for (UpstreamConfig up : c.upstreams()) {
      if (up.id().equals(upstreamId)) {
        Resolution r = shared(c, up, project, gate);
        return r instanceof Resolution.Error e ? e.problem() : null;
      }
    }
    return Problem.of(Problem.Kind.NOT_FOUND, "no upstream '" + upstreamId + "'");
  }

  /**
   * Forgets what is known to be fresh about a project on every upstream (a stored page and a remembered "not
   * found"), in every process, so the next {@link #project} asks the upstreams again. An admin's "refresh".
   */
  public void invalidate(String normalizedName) {
    for (UpstreamConfig up : config.get().upstreams()) {
      pages.invalidate(up.id(), normalizedName);
    }
    coordinator.publish(new Invalidation.Name(normalizedName));
  }

  /** Remaining freshness of a page, in seconds, for {@code Cache-Control: max-age}. */
  public long secondsFresh(StoredPage page) {
    long left = config.get().pageTtl().toMillis() - (clock.millis() - page.record().fetchedAt());
    return Math.max(0, left / 1000);
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

  private Resolution shared(PantryConfig c, UpstreamConfig up, String project, UpstreamGate gate) {
    String key = key(up.id(), project);
    Long negative = notFoundUntil.get(key);
    if (negative != null && negative > clock.millis()) {
      return new Resolution.NotFound();
    }
    Optional<StoredPage> cached = pages.load(up.id(), project);
    if (cached.isPresent() && isFresh(c, cached.get())) {
      return new Resolution.Found(new PageResult.Served(cached.get(), CacheStatus.HIT));
    }
    if (cached.isPresent() && client.circuit(up.id()).state() == CircuitBreaker.State.OPEN) {
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
    try {
      // A fetch that finished between our cache check and our join has stored a fresh page: use it.
      Optional<StoredPage> again = pages.load(up.id(), project);
      Resolution r = again.isPresent() && isFresh(c, again.get())
          ? new Resolution.Found(new PageResult.Served(again.get(), CacheStatus.HIT))
          : refresh(c, up, project, again.or(() -> cached).orElse(null));
      mine.complete(r);
      return r;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      ticket.land();
    }
  }

  private boolean isFresh(PantryConfig c, StoredPage page) {
    return clock.millis() - page.record().fetchedAt() < c.pageTtl().toMillis();
  }

  private Resolution refresh(PantryConfig c, UpstreamConfig up, String project, @Nullable StoredPage cached) {
    URI url = project.isEmpty() ? up.indexUrl() : up.indexUrl().resolve(project + "/");
    Outcome.Validators validators = cached == null
        ? Outcome.Validators.none()
        : new Outcome.Validators(cached.record().upstreamEtag(), cached.record().upstreamLastModified());
    Outcome<byte[]> outcome = client.fetchPage(up, url, validators, PageFetcher.UPSTREAM_ACCEPT);
    if (outcome instanceof Outcome.Fetched<byte[]> f) {
      return store(c, up, project, f, cached);
    }
    if (outcome instanceof Outcome.NotModified<byte[]>) {
      return cached == null
          ? new Resolution.Error(Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream answered 304 to a plain request"))
          : new Resolution.Found(new PageResult.Served(pages.touch(cached, clock.millis()), CacheStatus.REVALIDATED));
    }
    if (outcome instanceof Outcome.NotFound<byte[]>) {
      notFoundUntil.put(key(up.id(), project), clock.millis() + c.pageTtl().toMillis());
      return new Resolution.NotFound();
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
    notFoundUntil.remove(key(up.id(), project));
    return new Resolution.Found(new PageResult.Served(((PageWriter.Written.Page) w).page(), CacheStatus.MISS));
  }

  @Override
  public void hashLearned(FileKey key) {
    try {
      pages.forget(key.upstreamId(), key.project());
    } catch (StorageException e) {
      LOG.warn("cannot mark page '{}' for a new rendering with the hash of {}: {}", key.project(), key.filename(),
          e.getMessage());
    }
  }

  @Override
  public Optional<FileRecord> unrecorded(FileKey key) {
    return writer.unrecorded(key);
  }

  private Resolution stale(PantryConfig c, UpstreamConfig up, String project, @Nullable StoredPage cached,
      Problem problem) {
    if (cached == null) {
      LOG.warn("page {} from upstream {} failed, nothing cached: {}", label(project), up.id(), problem.message());
      return new Resolution.Error(problem);
    }
    Duration pastTtl = Duration.ofMillis(clock.millis() - cached.record().fetchedAt()).minus(c.pageTtl());
    if (!pastTtl.isNegative() && !c.cache().allowsStale(pastTtl)) {
      LOG.warn("page {} from upstream {} failed, and the cached copy is {}s past its TTL, beyond max-stale: {}",
          label(project), up.id(), pastTtl.toSeconds(), problem.message());
      return new Resolution.Error(Problem.of(problem.kind(), problem.message()
          + " (the cached copy is older than max-stale allows)"));
    }
    LOG.warn("page {} from upstream {} failed, serving the cached copy: {}", label(project), up.id(),
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

  private static String label(String project) {
    return PageWriter.label(project);
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }
}
