package dev.pantry.ops;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.upstream.UpstreamHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether the mirror should get traffic: the database answers, the stores take a write (and are not full), and every
 * upstream is reachable (or the mirror is offline).
 *
 * <p>An upstream that refused the credentials (401/403) on its last answer makes the mirror not ready at once.
 *
 * <p>An upstream counts as unreachable only when its last exchange failed and it has not answered within the
 * readiness window (counted from the start when it never answered). An idle mirror that has not asked an upstream
 * for a while is still ready: nothing says the upstream is gone.
 */
public final class Readiness {
  private final LiveConfig config;
  private final Check database;
  private final Check storage;
  private final Function<String, UpstreamHealth> health;
  private final Clock clock;
  private final Instant started;

  /** One dependency check: null when fine, else a one-line problem. */
  @FunctionalInterface
  public interface Check {
    @Nullable String problem();
  }

  /** The verdict and one line per check, e.g. {@code upstream main: ok}. */
  public record Report(boolean ready, List<String> lines) {
    public Report {
      lines = List.copyOf(lines);
    }
  }

  /**
   * @param database the metadata database's health
   * @param storage  the stores' health, asked through their port (a probe write, free space)
   */
  public Readiness(LiveConfig config, Check database, Check storage, Function<String, UpstreamHealth> health,
      Clock clock) {
    this.config = config;
    this.database = database;
    this.storage = storage;
    this.health = health;
    this.clock = clock;
    this.started = clock.instant();
  }

  public Report check() {
    PantryConfig c = config.get();
    List<String> lines = new ArrayList<>();
    boolean ready = line(lines, "database", database.problem());
    ready &= line(lines, "storage", storage.problem());
    if (c.cache().offline()) {
      lines.add("upstreams: not checked (offline mode)");
    } else {
      for (UpstreamConfig up : c.upstreams()) {
        ready &= line(lines, "upstream " + up.id(), upstream(health.apply(up.id()), c.ops().readinessWindow()));
      }
    }
    return new Report(ready, lines);
  }

  private static boolean line(List<String> lines, String what, @Nullable String problem) {
    lines.add(what + ": " + (problem == null ? "ok" : problem));
    return problem == null;
  }

  private @Nullable String upstream(UpstreamHealth h, Duration window) {
    if (h.credentialsRefused()) {
      // Every request to it fails until someone fixes the credentials: no point waiting for the window.
      return "refuses the mirror's credentials (401/403); check upstream." + h.upstreamId() + " and reload";
    }
    Instant success = h.lastSuccess();
    Instant failure = h.lastFailure();
    if (failure == null || success != null && !success.isBefore(failure)) {
      return null;
    }
    Instant since = success != null ? success : started;
    Duration silent = Duration.between(since, clock.instant());
    if (silent.compareTo(window) <= 0) {
      return null;
    }
    // The error itself goes to the log, not here: /readyz is public and error messages name upstream hosts.
    return "unreachable: no answer for " + silent.toSeconds() + "s (window " + window.toSeconds() + "s)";
  }
}
