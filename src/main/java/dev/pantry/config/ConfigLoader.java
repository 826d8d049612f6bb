package dev.pantry.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link PantryConfig} from, in rising priority: defaults, a properties file, the environment, and flags.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the key and never the secret value.
 * See {@code conf/pantry.properties} for every key.
 */
public final class ConfigLoader {
  private final Map<String, String> env;

  /** Flags from the command line; null means "not given". */
  public record Flags(
      @Nullable Path configFile,
      @Nullable String listen,
      @Nullable Path dataDir,
      @Nullable String upstreamUrl,
      @Nullable Path upstreamPasswordFile,
      boolean offline) {
    public static Flags none() {
      return new Flags(null, null, null, null, null, false);
    }

    /** Flags that only name the config file and data directory (the maintenance subcommands). */
    public static Flags of(@Nullable Path configFile, @Nullable Path dataDir) {
      return new Flags(configFile, null, dataDir, null, null, false);
    }
  }

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads with the process environment. */
  public static PantryConfig load(Flags flags) {
    return new ConfigLoader(System.getenv()).resolve(flags);
  }

  public PantryConfig resolve(Flags flags) {
    Properties file = flags.configFile() == null ? new Properties() : readProperties(flags.configFile());
    Layered p = new Layered(file, env);
    String[] hostPort = parseListen(first(flags.listen(), p.get("listen", "PANTRY_LISTEN"), "127.0.0.1:8080"));
    Path data = flags.dataDir() != null ? flags.dataDir() : Path.of(first(null, p.get("data", "PANTRY_DATA"), "data"));
    Timeouts t = new Timeouts(
        duration(p, "timeout.connect", "PANTRY_TIMEOUT_CONNECT", "10s"),
        duration(p, "timeout.idle", "PANTRY_TIMEOUT_IDLE", "30s"),
        duration(p, "timeout.page", "PANTRY_TIMEOUT_PAGE", "60s"));
    Duration ttl = duration(p, "page-ttl", "PANTRY_PAGE_TTL", "10m");
    UpstreamPolicy policy = new UpstreamPolicy(
        integer(p, "retry.attempts", "PANTRY_RETRY_ATTEMPTS", "3"),
        duration(p, "retry.backoff", "PANTRY_RETRY_BACKOFF", "200ms"),
        duration(p, "retry.max-backoff", "PANTRY_RETRY_MAX_BACKOFF", "2s"),
        integer(p, "breaker.threshold", "PANTRY_BREAKER_THRESHOLD", "5"),
        duration(p, "breaker.cool-down", "PANTRY_BREAKER_COOL_DOWN", "30s"),
        integer(p, "bulkhead.concurrency", "PANTRY_BULKHEAD_CONCURRENCY", "" + UpstreamPolicy.CONCURRENCY),
        integer(p, "bulkhead.queue", "PANTRY_BULKHEAD_QUEUE", "" + UpstreamPolicy.QUEUE),
        duration(p, "bulkhead.queue-wait", "PANTRY_BULKHEAD_QUEUE_WAIT", UpstreamPolicy.QUEUE_WAIT.toSeconds() + "s"));
    List<UpstreamConfig> upstreams = new UpstreamKeys(p, flags.upstreamUrl(), flags.upstreamPasswordFile())
        .upstreams(ttl, t, policy);
    return new PantryConfig(
        hostPort[0],
        Integer.parseInt(hostPort[1]),
        data,
        upstreams,
        ttl,
        t,
        Units.parseSize(first(null, p.get("max-page-size", "PANTRY_MAX_PAGE_SIZE"), "128MiB")),
        new CacheSettings(
            Units.parseSize(first(null, p.get("max-size", "PANTRY_MAX_SIZE"), "0")),
            duration(p, "max-stale", "PANTRY_MAX_STALE", "0"),
            flags.offline() || Boolean.parseBoolean(first(null, p.get("offline", "PANTRY_OFFLINE"), "false"))),
        policy,
        p.secret("admin-token", "PANTRY_ADMIN_TOKEN", null),
        new OpsKeys(p::get).settings(),
        metadata(p),
        sizing(p),
        storage(p));
  }

  private MetadataSettings metadata(Layered p) {
    MetadataSettings d = MetadataSettings.defaults();
    return new MetadataSettings(
        first(null, p.get("metadata.url", "PANTRY_METADATA_URL"), d.url()),
        first(null, p.get("metadata.username", "PANTRY_METADATA_USERNAME"), d.username()),
        p.secret("metadata.password", "PANTRY_METADATA_PASSWORD", null),
        integer(p, "metadata.pool-size", "PANTRY_METADATA_POOL_SIZE", Integer.toString(d.poolSize())),
        duration(p, "metadata.connect-timeout", "PANTRY_METADATA_CONNECT_TIMEOUT", "5s"),
        duration(p, "metadata.claim-lease", "PANTRY_METADATA_CLAIM_LEASE", "30s"));
  }

  private static StorageSettings storage(Layered p) {
    String url = first(null, p.get("storage.url", "PANTRY_STORAGE_URL"), "");
    String endpoint = p.get("storage.endpoint", "PANTRY_STORAGE_ENDPOINT");
    URI e;
    try {
      e = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("storage.endpoint is not a URL");
    }
    String pathStyle = p.get("storage.path-style", "PANTRY_STORAGE_PATH_STYLE");
    String key = p.get("storage.access-key", "PANTRY_STORAGE_ACCESS_KEY");
    return new StorageSettings(url, e, first(null, p.get("storage.region", "PANTRY_STORAGE_REGION"), "us-east-1"),
        pathStyle == null ? e != null : Boolean.parseBoolean(pathStyle), key == null || key.isBlank() ? null
        : key.strip(), p.secret("storage.secret-key", "PANTRY_STORAGE_SECRET_KEY", null));
  }

  private static Sizing sizing(Layered p) {
    Sizing d = Sizing.forMachine();
    int maxThreads = integer(p, "threads.max", "PANTRY_THREADS_MAX", Integer.toString(d.maxThreads()));
    return new Sizing(
        size(p, "memory.pages", "PANTRY_MEMORY_PAGES", d.pageMemory()),
        size(p, "memory.blobs", "PANTRY_MEMORY_BLOBS", d.blobMemory()),
        (int) Math.min(Integer.MAX_VALUE - 8, size(p, "memory.blob-max", "PANTRY_MEMORY_BLOB_MAX", d.blobMemoryMax())),
        integer(p, "memory.rows", "PANTRY_MEMORY_ROWS", Integer.toString(d.rowCache())),
        maxThreads,
        integer(p, "threads.min", "PANTRY_THREADS_MIN", Integer.toString(d.minThreads())),
        integer(p, "http.selectors", "PANTRY_HTTP_SELECTORS", Integer.toString(d.selectors())),
        duration(p, "stats.flush-interval", "PANTRY_STATS_FLUSH_INTERVAL", d.statsFlushMillis() + "ms").toMillis(),
        integer(p, "threads.upstream", "PANTRY_THREADS_UPSTREAM",
            Integer.toString(Sizing.upstreamWaiters(maxThreads))),
        size(p, "memory.page-buffers", "PANTRY_MEMORY_PAGE_BUFFERS", d.pageBuffers()));
  }

  private static long size(Layered p, String key, String envName, long fallback) {
    String v = p.get(key, envName);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Units.parseSize(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  private static int integer(Layered p, String key, String envName, String fallback) {
    return Layered.integer(key, p.get(key, envName), fallback);
  }

  private static Duration duration(Layered p, String key, String envName, String fallback) {
    return Layered.duration(key, p.get(key, envName), fallback);
  }

  private static Properties readProperties(Path file) {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
    }
    return props;
  }

  /** Splits {@code HOST:PORT} (IPv6 in brackets allowed) into host and port, as {@code listen} is read. */
  public static String[] parseListenAddress(String listen) {
    return parseListen(listen);
  }

  static String[] parseListen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("listen must be HOST:PORT, got '" + listen + "'");
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    String port = listen.substring(colon + 1);
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("listen port must be a number, got '" + port + "'");
    }
    return new String[] {host.isEmpty() ? "0.0.0.0" : host, port};
  }

  private static String first(@Nullable String a, @Nullable String b, String fallback) {
    return a != null ? a : b != null ? b : fallback;
  }
}
