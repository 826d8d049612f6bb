package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.cache.AccessRecorder;
import dev.pantry.cache.CacheQueries;
import dev.pantry.cache.Database;
import dev.pantry.cache.DiskBlobStore;
import dev.pantry.cache.JdbcCacheQueries;
import dev.pantry.cache.JdbcMetadataStore;
import dev.pantry.cache.PageStore;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.index.PageService;
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
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running mirror: a Jetty server wired to the cache, the index and the upstream client, sharing one lifecycle.
 */
public final class PantryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PantryServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final ConfigReloader reloader;
  private final OpsWiring.Closer closer;

  private PantryServer(Server server, ServerConnector connector, ConfigReloader reloader, OpsWiring.Closer closer) {
    this.server = server;
    this.connector = connector;
    this.reloader = reloader;
    this.closer = closer;
  }

  /** Builds (but does not start) a mirror for {@code config}; opens the data directory. It cannot reload. */
  public static PantryServer newServer(PantryConfig config) throws IOException {
    return newServer(config, () -> {
      throw new IllegalArgumentException("this server was started without a configuration source to reload");
    });
  }

  /**
   * Builds (but does not start) a mirror for {@code config}; {@code reloadSource} loads the config afresh on SIGHUP or
   * {@code POST /admin/reload} (e.g. {@code ConfigLoader.load(flags)} with the flags given at start).
   */
  public static PantryServer newServer(PantryConfig config, Supplier<PantryConfig> reloadSource) throws IOException {
    DiskBlobStore blobs = new DiskBlobStore(config.dataDir());
    int swept = blobs.sweepTemp();
    if (swept > 0) {
      LOG.info("removed {} unfinished download(s) left by an earlier run", swept);
    }
    JdbcConnectionPool pool = Database.open(config.dataDir(), false);
    JdbcMetadataStore meta = new JdbcMetadataStore(pool, () -> Database.shutdown(pool));
    AccessRecorder access = new AccessRecorder(meta, 5_000);
    UpstreamPolicy policy = config.policy();
    Metrics metrics = new Metrics();
    UpstreamClient client = new UpstreamClient(config.timeouts(), config.maxPageBytes(),
        new RetryPolicy(policy.attempts(), policy.backoff(), policy.maxBackoff()),
        new BreakerPolicy(policy.breakerThreshold(), policy.breakerCoolDown()), metrics);
    PageStore pageStore = new PageStore(config.dataDir(), meta, 64L << 20);
    LiveConfig live = new LiveConfig(config);
    PageService pages = new PageService(live, client, pageStore, meta, Clock.systemUTC());
    ArtifactService artifacts = new ArtifactService(live, client, blobs, meta, access);

    CacheQueries queries = new JdbcCacheQueries(meta);
    metrics.watchCache(() -> {
      CacheQueries.CacheStats stats = queries.stats(0);
      return new Metrics.CacheTotals(stats.files(), stats.bytes());
    });
    ConfigReloader reloader = new ConfigReloader(live, reloadSource, metrics);
    Readiness readiness = new Readiness(live, OpsWiring.database(pool), client::health, Clock.systemUTC());
    Throttle throttle = new Throttle(new RateLimiter(), live, metrics);

    Server server = new Server(threadPool());
    // First bean, so it stops last: after in-flight requests have finished with the database.
    OpsWiring.Closer closer = new OpsWiring.Closer(access::close, meta::close);
    server.addBean(closer);
    server.addBean(client);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Two selectors: on a 2-core machine one selector caps small-file throughput (see STACK.md).
    ServerConnector connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(http));
    connector.setHost(config.listenHost());
    connector.setPort(config.listenPort());
    server.addConnector(connector);

    SimpleHandler simple = new SimpleHandler(pages, metrics, throttle);
    FileHandler files = new FileHandler(artifacts, pages, new BlobResponder(artifacts, live), metrics, throttle);
    List<Router.Route> routes = new ArrayList<>(List.of(
        new Router.Route("/simple/", simple),
        new Router.Route("/files/", files)));
    routes.addAll(OpsWiring.routes(metrics, readiness, reloader, live));
    OpsWiring.install(server, new Router(routes, new HomeHandler()), throttle, metrics, config.ops());
    server.setErrorHandler(new PlainErrorHandler());
    return new PantryServer(server, connector, reloader, closer);
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

  public void join() throws InterruptedException {
    server.join();
  }

  /** Re-reads the configuration and puts it in force, or rejects it and keeps the old one (SIGHUP lands here). */
  public ReloadResult reload(String trigger) {
    return reloader.reload(trigger);
  }

  /**
   * Stops gracefully: new requests are refused, those in flight get {@code shutdown.timeout} to finish; then the
   * access statistics and the database are closed (by the server's lifecycle, so SIGTERM does the same).
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
