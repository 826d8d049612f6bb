package dev.pantry.simple;

import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * PEP 792 quarantines, as they reach files already cached: while an upstream's page of a project says
 * {@code quarantined}, none of the project's files is served from that upstream, cached or not. Each project's
 * status is read once per process (from the page in memory, else its row) and remembered until the page changes,
 * which every process hears of through the coordination seam.
 */
final class Quarantine {
  /** Past this many remembered statuses (a very large cache), they are all forgotten and read again. */
  private static final int MAX = 200_000;

  private final PageStore pages;
  private final ConcurrentHashMap<String, Boolean> known = new ConcurrentHashMap<>();

  Quarantine(PageStore pages, Coordinator coordinator) {
    this.pages = pages;
    coordinator.subscribe(event -> {
      if (event instanceof Invalidation.Project p) {
        known.remove(p.upstreamId() + '\0' + p.project());
      } else if (event instanceof Invalidation.Name n) {
        known.keySet().removeIf(k -> k.endsWith('\0' + n.project()));
      } else if (event instanceof Invalidation.All) {
        known.clear();
      }
    });
  }

  /** Whether memory already knows that the project is not quarantined there; never reads the index. */
  boolean knownClear(String upstreamId, String project) {
    return Boolean.FALSE.equals(known.get(upstreamId + '\0' + project));
  }

  /** Why files of the project must not be served now, or null when they may. */
  @Nullable Problem refusal(String upstreamId, String project) {
    String key = upstreamId + '\0' + project;
    Boolean q = known.get(key);
    if (q == null) {
      try {
        q = pages.quarantined(upstreamId, project);
      } catch (StorageException e) {
        return null; // the index is down: the page said nothing this process could read; serving goes on
      }
      if (known.size() >= MAX) {
        known.clear();
      }
      known.put(key, q);
    }
    return q ? Problem.of(Problem.Kind.FORBIDDEN, "project '" + project + "' is quarantined by upstream "
        + upstreamId + " (PEP 792): its files are not served until the upstream lifts the quarantine") : null;
  }
}
