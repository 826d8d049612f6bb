package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Questions about the upstreams the routing rules leave for a name ({@code PantryConfig.candidates}). */
final class Routing {
  private Routing() {}

  /** Asked on every file hit: a plain loop, nothing allocated. */
  static boolean allows(List<UpstreamConfig> candidates, String upstreamId) {
    for (UpstreamConfig u : candidates) {
      if (u.id().equals(upstreamId)) {
        return true;
      }
    }
    return false;
  }

  /** The upstream a rule pins the name to, or null when none does. */
  static @Nullable UpstreamConfig pinned(List<UpstreamConfig> candidates, String project) {
    return candidates.size() == 1 && candidates.get(0).options().pins(project) ? candidates.get(0) : null;
  }

  /** Whether no candidate comes after {@code up}: nobody below it to pass the name on to. */
  static boolean isLast(List<UpstreamConfig> candidates, UpstreamConfig up) {
    return candidates.isEmpty() || candidates.get(candidates.size() - 1).id().equals(up.id());
  }
}
