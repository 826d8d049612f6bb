package dev.pantry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the mirror needs to run, merged from the config file, the environment and flags (in rising priority).
 *
 * @param listenHost    address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param listenPort    port to bind; 0 picks a free one (tests)
 * @param dataDir       where the cache (files, pages, database) lives
 * @param upstreams     upstream indexes in priority order: the first that knows a project serves it, so a private
 *                      registry listed first shadows public names
 * @param pageTtl       how long a cached index page is served without asking the upstream
 * @param timeouts      upstream connect, idle and page timeouts
 * @param maxPageBytes  the largest upstream index page accepted
 * @param cache         size cap, staleness limit and offline mode
 * @param policy        retries and circuit breaker for upstream requests
 * @param adminToken    enables admin actions (UI, admin API, CLI against a running server) when set; null means
 *                      read-only
 * @param ops           access log, rate limits, proxy trust, file offload, readiness and shutdown
 * @param metadata      where the metadata index lives (H2 in the data directory, or PostgreSQL)
 * @param sizing        memory, threads and selectors
 * @param storage       where artifacts and renderings live (the data directory, or an S3-compatible bucket)
 */
public record PantryConfig(
    String listenHost,
    int listenPort,
    Path dataDir,
    List<UpstreamConfig> upstreams,
    Duration pageTtl,
    Timeouts timeouts,
    long maxPageBytes,
    CacheSettings cache,
    UpstreamPolicy policy,
    @Nullable Secret adminToken,
    OpsSettings ops,
    MetadataSettings metadata,
    Sizing sizing,
    StorageSettings storage) {

  public static final String DEFAULT_UPSTREAM = "https://pypi.org/simple/";

  public PantryConfig {
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(pageTtl, "pageTtl");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(sizing, "sizing");
    Objects.requireNonNull(storage, "storage");
    upstreams = List.copyOf(upstreams);
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("at least one upstream is required");
    }
    if (upstreams.stream().map(UpstreamConfig::id).distinct().count() != upstreams.size()) {
      throw new IllegalArgumentException("upstream ids must be unique");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port out of range: " + listenPort);
    }
    if (pageTtl.isNegative()) {
      throw new IllegalArgumentException("page TTL must not be negative");
    }
    if (maxPageBytes < 1024) {
      throw new IllegalArgumentException("max page size must be at least 1KB");
    }
  }

  /** A config for one upstream with defaults for everything else. */
  public static PantryConfig of(UpstreamConfig upstream, Path dataDir) {
    return new PantryConfig("127.0.0.1", 0, dataDir, List.of(upstream), Duration.ofMinutes(10), Timeouts.defaults(),
        128L << 20, CacheSettings.defaults(), UpstreamPolicy.defaults(), null,
        OpsSettings.defaults(), MetadataSettings.defaults(), Sizing.forMachine(), StorageSettings.local());
  }

  /** The upstream with this id, or null when none is configured (any more). */
  public @Nullable UpstreamConfig upstream(String id) {
    for (UpstreamConfig u : upstreams) {
      if (u.id().equals(id)) {
        return u;
      }
    }
    return null;
  }

  /**
   * The upstreams that may supply {@code normalizedName}, in priority order, after the routing rules: the first
   * upstream that pins it alone, else every upstream that does not block it.
   */
  public List<UpstreamConfig> candidates(String normalizedName) {
    if (!routed()) {
      return upstreams; // the common case, on every hit: no rule, nothing to allocate
    }
    for (UpstreamConfig u : upstreams) {
      if (u.options().pins(normalizedName)) {
        return List.of(u);
      }
    }
    return upstreams.stream().filter(u -> !u.options().blocks(normalizedName)).toList();
  }

  private boolean routed() {
    for (UpstreamConfig u : upstreams) {
      if (!u.options().pins().isEmpty() || !u.options().blocks().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** How long {@code up}'s pages are fresh: its own TTL, else {@link #pageTtl()}. */
  public Duration pageTtl(UpstreamConfig up) {
    Duration own = up.options().pageTtl();
    return own != null ? own : pageTtl;
  }

  /** As {@link #pageTtl(UpstreamConfig)}, by id; the mirror-wide TTL for an upstream no longer configured. */
  public Duration pageTtl(String upstreamId) {
    UpstreamConfig up = upstream(upstreamId);
    return up == null ? pageTtl : pageTtl(up);
  }

  public PantryConfig withListen(String host, int port) {
    return new PantryConfig(host, port, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache, policy,
        adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withUpstreams(List<UpstreamConfig> newUpstreams) {
    return new PantryConfig(listenHost, listenPort, dataDir, newUpstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withPageTtl(Duration ttl) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, ttl, timeouts, maxPageBytes, cache, policy,
        adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withTimeouts(Timeouts t) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, t, maxPageBytes, cache, policy,
        adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withCache(CacheSettings c) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, c, policy,
        adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withPolicy(UpstreamPolicy p) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache, p,
        adminToken, ops, metadata, sizing, storage);
  }

  public PantryConfig withAdminToken(@Nullable Secret token) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, token, ops, metadata, sizing, storage);
  }

  public PantryConfig withMetadata(MetadataSettings m) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, adminToken, ops, m, sizing, storage);
  }

  public PantryConfig withSizing(Sizing z) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, adminToken, ops, metadata, z, storage);
  }

  public PantryConfig withStorage(StorageSettings st) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, adminToken, ops, metadata, sizing, st);
  }

  public PantryConfig withOps(OpsSettings o) {
    return new PantryConfig(listenHost, listenPort, dataDir, upstreams, pageTtl, timeouts, maxPageBytes, cache,
        policy, adminToken, o, metadata, sizing, storage);
  }
}
