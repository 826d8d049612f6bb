package dev.pantry.simple;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.index.Format;
import dev.pantry.index.PageParser;
import dev.pantry.index.ParseResult;
import dev.pantry.index.ProjectList;
import dev.pantry.index.ProjectNames;
import dev.pantry.index.Rendering;
import dev.pantry.index.RootRendering;
import dev.pantry.ownership.Ownership;
import dev.pantry.ownership.Shadows;
import dev.pantry.simple.PageResult.CacheStatus;
import dev.pantry.simple.UpstreamPages.Resolution;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamGate;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root page {@code /simple/} over several upstreams: the union of their project lists, each name once (as the
 * highest-priority upstream spells it), stored like any page and rebuilt only when one of the lists changed.
 *
 * <p>Comparing the lists is also how the mirror learns ownership early: a name on a higher upstream's list is
 * claimed for it before anyone asks for it, and a name a lower upstream also lists is reported as a shadow.
 */
final class RootPages {
  private static final Logger LOG = LoggerFactory.getLogger(RootPages.class);
  /** The pseudo upstream the merged rendering is stored under; configured ids cannot start with '_'. */
  static final String MERGED = "_merged";
  /** Names claimed from one upstream's list per refresh at most: a huge list is an index, not a registry. */
  private static final int MAX_CLAIMS = 20_000;

  private final PageStore pages;
  private final UpstreamPages upstreamPages;
  private final Ownership ownership;
  private final Shadows shadows;
  private final Clock clock;
  private volatile @Nullable Merged merged;

  /** The merged rendering and what it was made from (each list's upstream and JSON digest). */
  private record Merged(String from, StoredPage page) {}

  RootPages(PageStore pages, UpstreamPages upstreamPages, Ownership ownership, Shadows shadows,
      Clock clock) {
    this.pages = pages;
    this.upstreamPages = upstreamPages;
    this.ownership = ownership;
    this.shadows = shadows;
    this.clock = clock;
  }

  /** The root page: one upstream's own, or the union of several. */
  PageResult root(PantryConfig c, UpstreamGate gate) {
    List<StoredPage> lists = new ArrayList<>();
    CacheStatus status = CacheStatus.HIT;
    Problem problem = null;
    for (UpstreamConfig up : c.upstreams()) {
      Resolution r = upstreamPages.resolve(c, up, "", gate, Outcome.Hops.ANY_ORIGIN);
      if (r instanceof Resolution.Found f) {
        if (c.upstreams().size() == 1) {
          return f.served();
        }
        lists.add(f.served().page());
        status = f.served().status() == CacheStatus.HIT ? status : f.served().status();
      } else if (r instanceof Resolution.Error e && problem == null) {
        problem = e.problem(); // the other lists still make a root page; a root page decides nothing
      }
    }
    if (lists.isEmpty()) {
      return problem != null ? new PageResult.Failed(problem) : new PageResult.Missing();
    }
    try {
      return new PageResult.Served(merge(c, lists), status);
    } catch (IOException | StorageException e) {
      return new PageResult.Failed(Problem.of(Problem.Kind.STORAGE, "cannot build the merged root page: "
          + e.getMessage()));
    }
  }

  private StoredPage merge(PantryConfig c, List<StoredPage> lists) throws IOException {
    StringBuilder from = new StringBuilder();
    for (StoredPage p : lists) {
      from.append(p.record().upstreamId()).append(':').append(p.record().jsonDigest()).append(' ');
    }
    Merged m = merged;
    if (m != null && m.from().equals(from.toString())) {
      return m.page();
    }
    synchronized (this) {
      m = merged;
      if (m != null && m.from().equals(from.toString())) {
        return m.page();
      }
      List<String> union = union(c, lists);
      RootRendering.Pages all = RootRendering.of(new ProjectList(union)).finish();
      StoredPage page = pages.save(MERGED, "", all.html(), all.json(), clock.millis(), Outcome.Validators.none(),
          union.size(), null);
      merged = new Merged(from.toString(), page);
      LOG.info("root page: {} projects from {} upstreams", union.size(), lists.size());
      return page;
    }
  }

  /**
   * The names of every list, each once, in priority order; claims the names of every list but the last for its
   * upstream (unless owned, or routed elsewhere), and reports those a lower list also has as shadows.
   */
  private List<String> union(PantryConfig c, List<StoredPage> lists) throws IOException {
    Map<String, String> ownerOf = new HashMap<>();
    List<String> union = new ArrayList<>();
    List<Shadows.Shadow> found = new ArrayList<>();
    for (int i = 0; i < lists.size(); i++) {
      String upstreamId = lists.get(i).record().upstreamId();
      boolean last = i == lists.size() - 1;
      int claims = 0;
      for (String name : names(lists.get(i))) {
        String normalized = ProjectNames.normalize(name);
        String owner = ownerOf.get(normalized);
        if (owner != null) {
          if (!owner.equals(upstreamId)) {
            found.add(new Shadows.Shadow(normalized, owner, upstreamId));
          }
          continue;
        }
        union.add(name);
        if (!last) {
          ownerOf.put(normalized, upstreamId);
          if (claims++ < MAX_CLAIMS) {
            claimEarly(c, normalized, upstreamId);
          }
        }
      }
      if (claims > MAX_CLAIMS) {
        LOG.warn("upstream {} lists {} projects: only the first {} are claimed before they are asked for",
            upstreamId, claims, MAX_CLAIMS);
      }
    }
    shadows.found(found);
    return union;
  }

  /** The list's names, from its stored JSON rendering (the mirror's own, so it always parses). */
  private static List<String> names(StoredPage page) throws IOException {
    byte[] json;
    Rendering held = page.memory(Format.JSON, Encoding.IDENTITY);
    if (held != null) {
      json = held.toByteArray();
    } else {
      try (InputStream in = page.open(Format.JSON, Encoding.IDENTITY)) {
        json = in.readAllBytes();
      }
    }
    ParseResult<ProjectList> parsed = PageParser.parseRoot(json, Format.JSON.mediaType());
    return parsed instanceof ParseResult.Parsed<ProjectList> p ? p.value().names() : List.of();
  }

  private void claimEarly(PantryConfig c, String project, String upstreamId) {
    if (!Routing.allows(c.candidates(project), upstreamId)) {
      return;
    }
    try {
      if (ownership.owner(project).isEmpty()) {
        ownership.claim(project, upstreamId, true);
      }
    } catch (StorageException e) {
      LOG.debug("cannot claim '{}' for upstream {} from its root page now: {}", project, upstreamId, e.getMessage());
    }
  }
}
