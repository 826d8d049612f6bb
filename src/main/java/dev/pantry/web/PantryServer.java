package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.cache.AccessRecorder;
import dev.pantry.cache.BlobLeases;
import dev.pantry.cache.BlobStore;
import dev.pantry.cache.CacheQueries;
import dev.pantry.cache.Database;
import dev.pantry.cache.DiskBlobStore;
import dev.pantry.cache.Evictor;
import dev.pantry.cache.HitCachingMetadataStore;
import dev.pantry.cache.IndexBlobRemover;
import dev.pantry.cache.JdbcCacheQueries;
import dev.pantry.cache.JdbcMetadataStore;
import dev.pantry.cache.LeasedBlobRemover;
import dev.pantry.cache.MetadataStore;
import dev.pantry.cache.PageStore;
import dev.pantry.cache.Reconciler;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.index.PageService;
import dev.pantry.maintenance.LocalMaintenance;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.metrics.Metrics;
import dev.pantry.ops.ConfigReloader;
import dev.pantry.ops.RateLimiter;
import dev.pantry.ops.Readiness;
import dev.pantry.ops.ReloadResult;
import dev.pantry.upstream.BreakerPolicy;
import dev.pantry.upstream.RetryPolicy;
import dev.pantry.upstream.UpstreamClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running mirror: a Jetty server wired to the cache, the index, the upstream client, the UI and the operations
 * endpoints, sharing one lifecycle.
 */
public final class PantryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PantryServer.class);
  private static final Supplier<PantryConfig> NO_RELOAD = () -> {
    throw new IllegalArgumentException("this server was started without a configuration source to reload");
  };

  private final Server server;
  private final ServerConnector connector;
  private final AccessRecorder access;
  private final CacheQueries queries;
  private final Path dataDir;
  private final Secret adminSecret;
  private final Evictor evictor;
  private final ConfigReloader reloader;
  private final OpsWiring.Closer closer;

  private PantryServer(Server server, ServerConnector connector, AccessRecorder access, CacheQueries queries,
      Path dataDir, Secret adminSecret, Evictor evictor, ConfigReloader reloader, OpsWiring.Closer closer) {
    this.server = server;
    this.connector = connector;
    this.access = access;
    this.queries = queries;
    this.dataDir = dataDir;
    this.adminSecret = adminSecret;
    this.evictor = evictor;
    this.reloader = reloader;
    this.closer = closer;
  }

  /** Builds (but does not start) a mirror for {@code config}; opens the data directory. */
  public static PantryServer newServer(PantryConfig config) throws IOException {
    return newServer(config, new DiskBlobStore(config.dataDir()), NO_RELOAD);
  }

  /** As {@link #newServer(PantryConfig)}, over the given blob store (tests put a failing disk underneath). */
  public static PantryServer newServer(PantryConfig config, BlobStore blobs) throws IOException {
    return newServer(config, blobs, NO_RELOAD);
  }

  /**
   * As {@link #newServer(PantryConfig)}; {@code reloadSource} loads the config afresh on SIGHUP or
   * {@code POST /admin/reload} (e.g. {@code ConfigLoader.load(flags)} with the flags given at start).
   */
  public static PantryServer newServer(PantryConfig config, Supplier<PantryConfig> reloadSource) throws IOException {
    return newServer(config, new DiskBlobStore(config.dataDir()), reloadSource);
  }

  /**
   * Builds a mirror. Reconciles the index against the blob store before anything is served: whatever a crash left
   * half done is undone or completed here.
   */
  public static PantryServer newServer(PantryConfig config, BlobStore blobs, Supplier<PantryConfig> reloadSource)
      throws IOException {
    JdbcConnectionPool pool = Database.open(config.dataDir(), false);
    JdbcMetadataStore store = new JdbcMetadataStore(pool, () -> Database.close(pool));
    // Every writer in the server goes through the hit cache, so it sees each change; queries read the store directly.
    MetadataStore meta = new HitCachingMetadataStore(store);
    Reconciler.run(blobs, meta);
    AccessRecorder access = new AccessRecorder(meta, 5_000);
    Metrics metrics = new Metrics();
    UpstreamPolicy policy = config.policy();
    UpstreamClient client = new UpstreamClient(config.timeouts(), config.maxPageBytes(),
        new RetryPolicy(policy.attempts(), policy.backoff(), policy.maxBackoff()),
        new BreakerPolicy(policy.breakerThreshold(), policy.breakerCoolDown()), metrics);
    PageStore pageStore = new PageStore(config.dataDir(), meta, 64L << 20);
    LiveConfig live = new LiveConfig(config);
    PageService pages = new PageService(live, client, pageStore, meta, Clock.systemUTC());
    BlobLeases leases = new BlobLeases();
    Evictor evictor = new Evictor(() -> live.get().cache().maxSize(), meta, blobs, leases, access, 60_000);
    ArtifactService artifacts = new ArtifactService(live, client, blobs, meta, access, leases, evictor::poke);
    CacheQueries queries = new JdbcCacheQueries(store);
    metrics.watchCache(() -> {
      CacheQueries.CacheStats stats = queries.stats(0);
      return new Metrics.CacheTotals(stats.files(), stats.bytes());
    });
    ConfigReloader reloader = new ConfigReloader(live, reloadSource, metrics);
    Readiness readiness = new Readiness(live, OpsWiring.database(pool), client::health, Clock.systemUTC());
    Throttle throttle = new Throttle(new RateLimiter(), live, metrics);

    Server server = new Server(threadPool());
    // First bean, so it stops last: after in-flight requests have finished with the database.
    OpsWiring.Closer closer = new OpsWiring.Closer(evictor::close, access::close, meta::close);
    server.addBean(closer);
    server.addBean(client);
    ServerConnector connector = connector(server, config);

    SimpleHandler simple = new SimpleHandler(pages, metrics, throttle);
    FileHandler files = new FileHandler(artifacts, pages, new BlobResponder(artifacts, live), metrics, throttle);
    // Maintenance (pantry prune|verify|stats|list while serving): removals wait for the files' clients to finish.
    InFlightFiles inFlight = new InFlightFiles(files, meta);
    Secret adminSecret = ServerInfo.newSecret();
    Maintenance maintenance = new LocalMaintenance(meta, queries, blobs,
        inFlight.guard(new LeasedBlobRemover(leases, new IndexBlobRemover(meta, blobs))), access::flush,
        Clock.systemUTC());
    // Web UI and its API: the index and file handlers are only wrapped, to count requests for the chart.
    RequestHistory history = new RequestHistory(Clock.systemUTC());
    ApiHandler api = new ApiHandler(live, queries, access, client, history, pages, maintenance, Clock.systemUTC());
    List<Router.Route> routes = new ArrayList<>(List.of(
        new Router.Route("/simple/", new CountingHandler(simple, history)),
        new Router.Route("/files/", new CountingHandler(inFlight, history))));
    // Operations routes first: /admin/reload must win over the broader /admin/ below.
    routes.addAll(OpsWiring.routes(metrics, readiness, reloader, live));
    routes.add(new Router.Route("/admin/", new AdminHandler(adminSecret, maintenance)));
    routes.add(new Router.Route(ApiHandler.PREFIX, api));
    routes.add(new Router.Route(UiHandler.PREFIX, new UiHandler(PantryServer.class.getClassLoader(), "web")));
    OpsWiring.install(server, new Router(routes, new HomeHandler()), throttle, metrics, config.ops());
    server.setErrorHandler(new PlainErrorHandler());
    return new PantryServer(server, connector, access, queries, config.dataDir(), adminSecret, evictor, reloader,
        closer);
  }

  private static ServerConnector connector(Server server, PantryConfig config) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Two selectors: on a 2-core machine one selector caps small-file throughput (see STACK.md).
    ServerConnector connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(http));
    connector.setHost(config.listenHost());
    connector.setPort(config.listenPort());
    server.addConnector(connector);
    return connector;
  }

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(256, 8);
    pool.setName("pantry");
    // Handlers block (JDBC, upstream reads); on Java 21+ they run on virtual threads, selectors stay on platform ones.
    Executor virtual = VirtualThreads.getDefaultVirtualThreadsExecutor();
    if (virtual != null) {
      pool.setVirtualThreadsExecutor(virtual);
    }
    return pool;
  }

  public PantryServer start() throws Exception {
    server.start();
    // A cap lowered since the last run, or files re-indexed at startup, may leave the cache over its cap.
    evictor.poke();
    // After listening, so a command line that finds the file can reach the admin endpoint. Deleted when Jetty stops,
    // which also covers the shutdown hook on SIGTERM.
    ServerInfo info = new ServerInfo(uri(), ProcessHandle.current().pid(), adminSecret);
    info.write(dataDir);
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStopping(LifeCycle event) {
        try {
          info.deleteIfOurs(dataDir);
        } catch (IOException e) {
          LOG.warn("could not delete {}: {}", ServerInfo.path(dataDir), e.getMessage());
        }
      }
    });
    LOG.info("Pantry listening on {}simple/", uri());
    return this;
  }

  /** The base URI, e.g. {@code http://127.0.0.1:8080/}, with the real port once started. */
  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1"
        : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  /** Read-only questions about this server's cache (the same answers the API gives). */
  public CacheQueries queries() {
    return queries;
  }

  /** Writes hit statistics counted so far to the index, so queries see them now rather than in a few seconds. */
  public void flushStats() {
    access.flush();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /** Re-reads the configuration and puts it in force, or rejects it and keeps the old one (SIGHUP lands here). */
  public ReloadResult reload(String trigger) {
    return reloader.reload(trigger);
  }

  /**
   * Stops gracefully: new requests are refused, those in flight get {@code shutdown.timeout} to finish; then the
   * evictor, the access statistics and the database are closed (by the server's lifecycle, so SIGTERM does the same).
   */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      // A server that never started has not stopped its beans: close what it opened here.
      closer.close();
    }
  }
}
