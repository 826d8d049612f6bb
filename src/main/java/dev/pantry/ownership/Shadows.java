package dev.pantry.ownership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a higher-priority upstream owns that a lower one also offers: the names a dependency-confusion attack would
 * use, and the mirror refuses. Found by comparing the upstreams' root pages; each is logged once per process.
 */
public final class Shadows {
  private static final Logger LOG = LoggerFactory.getLogger(Shadows.class);
  /** Log lines per process at most: a mirror of a big internal index may shadow thousands of names. */
  private static final int MAX_LOGGED = 1_000;

  /**
   * @param project    the normalized name
   * @param owner      the upstream that owns it (the higher priority)
   * @param shadowedBy the lower-priority upstream that also offers it, and never supplies it
   */
  public record Shadow(String project, String owner, String shadowedBy) {
    public Shadow {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(shadowedBy, "shadowedBy");
    }
  }

  private volatile List<Shadow> current = List.of();
  private final Set<Shadow> logged = ConcurrentHashMap.newKeySet();

  /** The shadows found by the latest comparison of root pages, replacing the earlier ones. */
  public void found(List<Shadow> shadows) {
    List<Shadow> sorted = new ArrayList<>(shadows);
    sorted.sort(Comparator.comparing(Shadow::project).thenComparing(Shadow::shadowedBy));
    current = List.copyOf(sorted);
    for (Shadow s : sorted) {
      if (logged.size() < MAX_LOGGED && logged.add(s)) {
        LOG.warn("project '{}' belongs to upstream {}; upstream {} also offers it and is never asked for it (a "
            + "shadowed name)", s.project(), s.owner(), s.shadowedBy());
      }
    }
  }

  public List<Shadow> all() {
    return current;
  }

  /** How many names each (owner, shadowed-by) pair shares, for the metric. */
  public Map<List<String>, Integer> counts() {
    Map<List<String>, Integer> out = new HashMap<>();
    for (Shadow s : current) {
      out.merge(List.of(s.owner(), s.shadowedBy()), 1, Integer::sum);
    }
    return out;
  }
}
