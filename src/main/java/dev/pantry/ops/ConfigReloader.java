package dev.pantry.ops;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Units;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamOptions;
import dev.pantry.metrics.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration (SIGHUP or {@code POST /admin/reload}) and puts it in force through {@link LiveConfig}.
 * Readers take {@code config.get()} once per request, so requests in flight finish with the config they started with.
 * A config that fails to load or cannot change live is rejected, logged, and the old one stays.
 */
public final class ConfigReloader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  private final LiveConfig live;
  private final Supplier<PantryConfig> source;
  private final Metrics metrics;

  /**
   * @param source loads the config afresh, e.g. {@code () -> ConfigLoader.load(flagsGivenAtStart)}; failures are
   *               IllegalArgumentExceptions whose messages name the key
   */
  public ConfigReloader(LiveConfig live, Supplier<PantryConfig> source, Metrics metrics) {
    this.live = live;
    this.source = source;
    this.metrics = metrics;
  }

  /** Loads and applies the config; {@code trigger} names the cause for the log. One reload at a time. */
  public synchronized ReloadResult reload(String trigger) {
    PantryConfig old = live.get();
    PantryConfig next;
    try {
      next = Objects.requireNonNull(source.get(), "config source gave nothing");
      live.replace(next);
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.error("config reload ({}) rejected, the running config stays: {}", trigger, reason);
      metrics.configReload(false);
      return new ReloadResult.Rejected(reason);
    }
    List<String> changes = changes(old, next);
    LOG.info("config reloaded ({}): {}", trigger, changes.isEmpty() ? "no changes" : String.join("; ", changes));
    metrics.configReload(true);
    return new ReloadResult.Applied(changes);
  }

  /** What differs, for the log and the admin answer. Credentials show only as "changed". */
  static List<String> changes(PantryConfig a, PantryConfig b) {
    List<String> out = new ArrayList<>();
    Map<String, UpstreamConfig> before = byId(a);
    Map<String, UpstreamConfig> after = byId(b);
    if (!List.copyOf(before.keySet()).equals(List.copyOf(after.keySet()))) {
      out.add("upstreams: " + String.join(", ", before.keySet()) + " -> " + String.join(", ", after.keySet()));
    }
    for (UpstreamConfig u : b.upstreams()) {
      UpstreamConfig was = before.get(u.id());
      if (was == null) {
        continue;
      }
      if (!was.indexUrl().equals(u.indexUrl())) {
        out.add("upstream " + u.id() + ": URL changed");
      }
      if (!was.credentials().equals(u.credentials())) {
        out.add("upstream " + u.id() + ": credentials changed");
      }
      UpstreamOptions o = was.options();
      UpstreamOptions n = u.options();
      if (!o.pins().equals(n.pins()) || !o.blocks().equals(n.blocks())) {
        out.add("upstream " + u.id() + ": routing rules changed (pin " + n.pins() + ", block " + n.blocks() + ")");
      }
      if (!o.withRouting(n.pins(), n.blocks()).equals(n)) {
        out.add("upstream " + u.id() + ": settings changed (min-age, page-ttl apply now; timeouts, retry, breaker "
            + "and bulkhead after a restart)");
      }
    }
    if (!a.pageTtl().equals(b.pageTtl())) {
      out.add("page-ttl " + Units.formatDuration(a.pageTtl()) + " -> " + Units.formatDuration(b.pageTtl()));
    }
    if (!a.cache().equals(b.cache())) {
      out.add("cache settings changed");
    }
    if (!Objects.equals(a.adminToken(), b.adminToken())) {
      out.add("admin token changed");
    }
    if (!a.ops().withAccessLog(b.ops().accessLog(), b.ops().accessLogPath()).equals(b.ops())) {
      out.add("operations settings changed");
    }
    if (!a.timeouts().equals(b.timeouts()) || a.maxPageBytes() != b.maxPageBytes() || !a.policy().equals(b.policy())
        || a.ops().accessLog() != b.ops().accessLog()
        || !Objects.equals(a.ops().accessLogPath(), b.ops().accessLogPath())) {
      out.add("timeouts, max-page-size, retry/breaker and access-log settings take effect after a restart");
    }
    return out;
  }

  private static Map<String, UpstreamConfig> byId(PantryConfig c) {
    return c.upstreams().stream().collect(Collectors.toMap(UpstreamConfig::id, Function.identity(), (x, y) -> x,
        LinkedHashMap::new));
  }
}
