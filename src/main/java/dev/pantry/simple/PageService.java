package dev.pantry.simple;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.files.Listings;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.Owner;
import dev.pantry.ownership.OwnerProblems;
import dev.pantry.ownership.Ownership;
import dev.pantry.ownership.Shadows;
import dev.pantry.simple.PageResult.CacheStatus;
import dev.pantry.simple.UpstreamPages.Resolution;
import dev.pantry.simple.UpstreamPages.Via;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.UpstreamClient;
import dev.pantry.upstream.UpstreamGate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simple feature's facade: serves index pages from the cache, refreshing them from the upstreams when their TTL
 * has passed, from the one upstream that owns each project.
 *
 * <p>A project with no recorded owner is looked up in priority order: the first upstream that offers it owns it from
 * then on ({@link Ownership}). A 404, or a redirect to another origin while a lower-priority upstream exists (GitLab
 * forwarding an unknown name to pypi.org), means "not here" and moves on; any failure (401, 403, 5xx, a timeout, an
 * open circuit) stops the lookup there, so a failing private registry never lets a public package of the same name
 * through. A project with an owner is asked of its owner only: if the owner stops offering it, its last good page is
 * served stale, or a 404 says why, until an admin releases the name.
 *
 * <p>A failed refresh serves the last good page, unless it is older than {@code max-stale} past its TTL. Offline, no
 * upstream is asked: the owner's cached page is served as it is (stale), the rest is a 504.
 */
public final class PageService implements Listings {
  private static final Logger LOG = LoggerFactory.getLogger(PageService.class);
  /** How long a file request waits for its project's listing to be written (a 30,000-file page takes a second). */
  private static final long LISTING_WAIT_MILLIS = 30_000;
  /** The answer for a page the cache does not hold, in offline mode. */
  static final Problem OFFLINE = Problem.of(Problem.Kind.UPSTREAM_TIMEOUT, "offline: not cached");

  private final LiveConfig config;
  private final PageStore pages;
  private final PageWriter writer;
  private final UpstreamPages upstreamPages;
  private final Coordinator coordinator;
  private final Clock clock;
  private final Quarantine quarantine;
  private final RootPages rootPages;
  private final Owners owners;

  /**
   * @param memory         what pages being read, parsed and rendered share, with the upstream client
   * @param afterLargePage runs once each large page is written (to give back the memory it took)
   */
  public PageService(LiveConfig config, UpstreamClient client, PageStore pages, PageFetcher fetcher,
      Coordinator coordinator, Clock clock, PageMemory memory, Ownership ownership, Shadows shadows,
      Runnable afterLargePage) {
    this.config = config;
    this.pages = pages;
    this.writer = new PageWriter(fetcher, pages, client, memory, afterLargePage);
    this.upstreamPages = new UpstreamPages(client, pages, writer, coordinator, clock);
    this.coordinator = coordinator;
    this.clock = clock;
    this.quarantine = new Quarantine(pages, coordinator);
    this.rootPages = new RootPages(pages, upstreamPages, ownership, shadows, clock);
    this.owners = new Owners(ownership, pages);
  }

  /**
   * The owner's fresh page of a project when memory holds it whole, for the hot path; null when the answer needs the
   * index, the store or an upstream (the caller then asks {@link #project} where it may block). Never blocks.
   */
  public PageResult.@Nullable Served held(String normalizedName) {
    PantryConfig c = config.get();
    Owner owner = c.cache().offline() ? null : owners.held(normalizedName);
    UpstreamConfig up = owner == null ? null : c.upstream(owner.upstreamId());
    if (up == null || !Routing.allows(c.candidates(normalizedName), up.id())) {
      return null;
    }
    StoredPage page = upstreamPages.heldFresh(c, up, normalizedName);
    return page == null ? null : new PageResult.Served(page, CacheStatus.HIT);
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
    Optional<Owner> owner = owners.of(c, normalizedName);
    if (c.cache().offline()) {
      return offline(c, normalizedName, owner.orElse(null));
    }
    List<UpstreamConfig> candidates = c.candidates(normalizedName);
    if (owner.isPresent() && !Routing.allows(candidates, owner.get().upstreamId())) {
      return overridden(c, owner.get(), candidates, normalizedName, gate);
    }
    return owner.isPresent() ? owned(c, owner.get(), candidates, normalizedName, gate)
        : unowned(c, candidates, normalizedName, gate);
  }

  /**
   * A routing rule says another upstream than the recorded owner: a pin wins (the record is kept, for when the rule
   * goes); a rule that blocks the owner fails closed rather than hand the name to the next upstream.
   */
  private PageResult overridden(PantryConfig c, Owner owner, List<UpstreamConfig> candidates, String project,
      UpstreamGate gate) {
    UpstreamConfig pinned = Routing.pinned(candidates, project);
    if (pinned == null) {
      return new PageResult.Failed(OwnerProblems.ownerBlocked(owner));
    }
    Resolution r = upstreamPages.resolve(c, pinned, project, gate, Outcome.Hops.OWN_ORIGIN);
    if (r instanceof Resolution.Found f) {
      return f.served();
    }
    return new PageResult.Failed(r instanceof Resolution.Error e ? e.problem()
        : OwnerProblems.vanished(pinned.id(), project));
  }

  /** The first upstream that offers the project owns it; a failure stops the lookup (fail closed). */
  private PageResult unowned(PantryConfig c, List<UpstreamConfig> candidates, String project, UpstreamGate gate) {
    for (UpstreamConfig up : candidates) {
      // The last upstream follows a forward as before: there is no one below it to pass the name on to.
      Outcome.Hops hops = Routing.isLast(candidates, up) ? Outcome.Hops.ANY_ORIGIN : Outcome.Hops.OWN_ORIGIN;
      Resolution r = upstreamPages.resolve(c, up, project, gate, hops);
      if (r instanceof Resolution.Found f) {
        Owner o = owners.claim(project, up, f.via() == Via.HOME);
        return o.upstreamId().equals(up.id()) ? f.served() : owned(c, o, candidates, project, gate);
      }
      if (r instanceof Resolution.Error e) {
        return new PageResult.Failed(e.problem());
      }
    }
    return new PageResult.Missing();
  }

  private PageResult owned(PantryConfig c, Owner owner, List<UpstreamConfig> candidates, String project,
      UpstreamGate gate) {
    UpstreamConfig up = c.upstream(owner.upstreamId());
    if (up == null) {
      return new PageResult.Failed(OwnerProblems.ownerGone(owner));
    }
    // A direct owner that now only forwards has lost the project: the forward is not followed.
    boolean lowerExists = !Routing.isLast(candidates, up);
    Outcome.Hops hops = owner.direct() || lowerExists ? Outcome.Hops.OWN_ORIGIN : Outcome.Hops.ANY_ORIGIN;
    Resolution r = upstreamPages.resolve(c, up, project, gate, hops);
    if (r instanceof Resolution.Found f) {
      if (f.via() == Via.HOME) {
        owners.confirmDirect(owner);
      }
      return f.served();
    }
    if (r instanceof Resolution.Error e) {
      return new PageResult.Failed(e.problem());
    }
    return vanished(up, project);
  }

  /** The owner no longer offers the project: its last good page, or a 404 that says why. Never another upstream. */
  private PageResult vanished(UpstreamConfig up, String project) {
    Optional<StoredPage> cached = pages.load(up.id(), project);
    LOG.warn("project '{}' is no longer offered by its owner, upstream {}; {} (no other upstream may supply it "
        + "unless an admin releases the name)", project, up.id(), cached.isPresent()
        ? "serving its last good page" : "nothing cached");
    return cached.<PageResult>map(p -> new PageResult.Served(p, CacheStatus.STALE, "owner no longer offers it"))
        .orElseGet(() -> new PageResult.Failed(OwnerProblems.vanished(up.id(), project)));
  }

  /** The root page (the project list): one upstream's, or the union of every upstream's. */
  public PageResult root(UpstreamGate gate) {
    PantryConfig c = config.get();
    if (c.cache().offline()) {
      return offlineFirst(c.upstreams().size() == 1 ? c.upstreams() : List.of(), "");
    }
    return rootPages.root(c, gate);
  }

  /**
   * Reads every upstream's project list again (as their TTLs allow), so names on a higher upstream's list are
   * claimed for it before anyone asks, and shadows are found. Nothing to do with one upstream, or offline.
   */
  public void refreshRoots() {
    PantryConfig c = config.get();
    if (c.upstreams().size() > 1 && !c.cache().offline()) {
      PageResult r = rootPages.root(c, UpstreamGate.OPEN);
      if (r instanceof PageResult.Failed f) {
        LOG.warn("reading the upstreams' project lists failed: {}", f.problem().message());
      }
    }
  }

  /**
   * Brings the listing up to date, for a file request. The upstream must own the project: a file is never fetched
   * from an upstream that does not own its project, whatever URL was asked for.
   */
  @Override
  public @Nullable Problem refresh(String upstreamId, String project, UpstreamGate gate) {
    PantryConfig c = config.get();
    if (c.upstream(upstreamId) == null) {
      return Problem.of(Problem.Kind.NOT_FOUND, "no upstream '" + upstreamId + "'");
    }
    PageResult r = project(project, gate);
    Problem refused = fileRefusal(upstreamId, project);
    if (refused != null) {
      return refused;
    }
    return r instanceof PageResult.Failed f ? f.problem() : null;
  }

  @Override
  public boolean servableFromMemory(String upstreamId, String project) {
    List<UpstreamConfig> candidates = config.get().candidates(project);
    UpstreamConfig pinned = Routing.pinned(candidates, project);
    return routingRefusal(candidates, pinned, upstreamId, project) == null
        && owners.heldAllows(project, upstreamId, pinned != null)
        && quarantine.knownClear(upstreamId, project) && !writer.writing(upstreamId, project);
  }

  @Override
  public void awaitListing(String upstreamId, String project) {
    if (!writer.awaitWrite(upstreamId, project, LISTING_WAIT_MILLIS)) {
      LOG.warn("the listing of '{}' from upstream {} is still being written after {} ms; looking it up anyway",
          project, upstreamId, LISTING_WAIT_MILLIS);
    }
  }

  /** Finishes the page writes under way, before the backends close. */
  public void close() {
    writer.close();
  }

  @Override
  public @Nullable Problem fileRefusal(String upstreamId, String project) {
    PantryConfig c = config.get();
    List<UpstreamConfig> candidates = c.candidates(project);
    UpstreamConfig pinned = Routing.pinned(candidates, project);
    Problem routed = routingRefusal(candidates, pinned, upstreamId, project);
    if (routed != null) {
      return routed;
    }
    Optional<Owner> o = owners.of(c, project);
    if (pinned == null && o.isPresent() && !o.get().upstreamId().equals(upstreamId)) {
      return OwnerProblems.notOwner(o.get(), upstreamId);
    }
    return quarantine.refusal(upstreamId, project);
  }

  /** What the routing rules alone say against serving the project's files from {@code upstreamId}, or null. */
  private static @Nullable Problem routingRefusal(List<UpstreamConfig> candidates, @Nullable UpstreamConfig pinned,
      String upstreamId, String project) {
    if (pinned != null && !pinned.id().equals(upstreamId)) {
      return OwnerProblems.pinnedElsewhere(project, pinned.id(), upstreamId);
    }
    return Routing.allows(candidates, upstreamId) ? null : OwnerProblems.blocked(project, upstreamId);
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

  /**
   * Who owns a project and what its owner's page says of it (PEP 792), as far as known now: for the UI. Either may
   * be null (no owner recorded; no status given, or the index is down).
   */
  public record Standing(@Nullable String owner, @Nullable String status) {}

  public Standing standing(String project) {
    Optional<Owner> o = owners.of(config.get(), project);
    if (o.isEmpty()) {
      return new Standing(null, null);
    }
    String status = pages.peek(o.get().upstreamId(), project).map(p -> p.record().projectStatus()).orElse(null);
    return new Standing(o.get().upstreamId(), status);
  }

  /** Remaining freshness of a page, in seconds, for {@code Cache-Control: max-age}. */
  public long secondsFresh(StoredPage page) {
    long left = config.get().pageTtl(page.record().upstreamId()).toMillis()
        - (clock.millis() - page.record().fetchedAt());
    return Math.max(0, left / 1000);
  }

  /** Offline: the owner's cached copy, whatever its age, marked stale; with no owner recorded, the first cached. */
  private PageResult offline(PantryConfig c, String project, @Nullable Owner owner) {
    List<UpstreamConfig> candidates = c.candidates(project);
    UpstreamConfig pinned = Routing.pinned(candidates, project);
    if (pinned != null || owner == null) {
      return offlineFirst(pinned != null ? List.of(pinned) : candidates, project);
    }
    if (!Routing.allows(candidates, owner.upstreamId())) {
      return new PageResult.Failed(OwnerProblems.ownerBlocked(owner));
    }
    return pages.load(owner.upstreamId(), project)
        .<PageResult>map(p -> new PageResult.Served(p, CacheStatus.STALE, "offline"))
        .orElseGet(() -> new PageResult.Failed(OFFLINE));
  }

  private PageResult offlineFirst(List<UpstreamConfig> ups, String project) {
    if (project.isEmpty() && ups.isEmpty()) {
      // Several upstreams: the last merged list, as it was.
      return pages.load(RootPages.MERGED, "").<PageResult>map(p -> new PageResult.Served(p, CacheStatus.STALE,
          "offline")).orElseGet(() -> new PageResult.Failed(OFFLINE));
    }
    for (UpstreamConfig up : ups) {
      Optional<StoredPage> cached = pages.load(up.id(), project);
      if (cached.isPresent()) {
        return new PageResult.Served(cached.get(), CacheStatus.STALE, "offline");
      }
    }
    return new PageResult.Failed(OFFLINE);
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
}
