package dev.pantry.server;

import dev.pantry.admin.AdminAuth;
import dev.pantry.admin.AdminHandler;
import dev.pantry.admin.ServerInfo;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.Sizing;
import dev.pantry.error.ErrorPages;
import dev.pantry.files.FileHandler;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.ops.ConfigReloader;
import dev.pantry.ops.HealthHandler;
import dev.pantry.ops.MetricsHandler;
import dev.pantry.ops.OpsHandlers;
import dev.pantry.ops.RateLimiter;
import dev.pantry.ops.Readiness;
import dev.pantry.ops.ReloadResult;
import dev.pantry.ops.Throttle;
import dev.pantry.runtime.Backends;
import dev.pantry.runtime.Pantry;
import dev.pantry.simple.SimpleHandler;
import dev.pantry.ui.ApiHandler;
import dev.pantry.ui.HistoryLog;
import dev.pantry.ui.HomeHandler;
import dev.pantry.ui.RequestHistory;
import dev.pantry.ui.UiHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running mirror: a Jetty server in front of the services of one {@link Pantry}, sharing one lifecycle. Build it
 * with {@link #newServer}, then {@link #start()}.
 */
public final class PantryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PantryServer.class);
  private static final Supplier<PantryConfig> NO_RELOAD = () -> {
    throw new IllegalArgumentException("this server was started without a configuration source to reload");
  };
  /**
   * Paths are read raw by the features ({@code /files/} decodes its filename segment itself, {@code /simple/}
   * redirects doubled slashes), so Jetty need not refuse what they handle; everything else stays at Jetty's default.
   */
  private static final UriCompliance URIS = UriCompliance.DEFAULT.with("pantry",
      UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
      UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR);

  private final Server server;
  private final ServerConnector connector;
  private final Pantry pantry;
  private final Secret adminSecret;
  private final ConfigReloader reloader;

  private PantryServer(Server server, ServerConnector connector, Pantry pantry, Secret adminSecret,
      ConfigReloader reloader) {
    this.server = server;
    this.connector = connector;
    this.pantry = pantry;
    this.adminSecret = adminSecret;
    this.reloader = reloader;
  }

  /** Builds (but does not start) a mirror for {@code config}; opens the data directory. */
  public static PantryServer newServer(PantryConfig config) throws IOException {
    return newServer(config, NO_RELOAD, Backends.Overrides.none(), Clock.systemUTC());
  }

  /**
   * As {@link #newServer(PantryConfig)}; {@code reloadSource} loads the config afresh on SIGHUP or
   * {@code POST /admin/reload} (e.g. {@code ConfigLoader.load(flags)} with the flags given at start).
   */
  public static PantryServer newServer(PantryConfig config, Supplier<PantryConfig> reloadSource) throws IOException {
    return newServer(config, reloadSource, Backends.Overrides.none(), Clock.systemUTC());
  }

  /** The full form: backends the caller puts in place of configured ones, and the clock every component reads. */
  public static PantryServer newServer(PantryConfig config, Supplier<PantryConfig> reloadSource,
      Backends.Overrides overrides, Clock clock) throws IOException {
    Pantry pantry = Pantry.open(config, clock, overrides);
    try {
      return assemble(pantry, reloadSource);
    } catch (RuntimeException e) {
      pantry.close();
      throw e;
    }
  }

  private static PantryServer assemble(Pantry pantry, Supplier<PantryConfig> reloadSource) {
    PantryConfig config = pantry.config().get();
    Backends b = pantry.backends();
    QueuedThreadPool pool = threadPool(config.sizing());
    Server server = new Server(pool);
    // Handlers that may block run here; everything else runs on the selector thread that read the request.
    Executor virtual = pool.getVirtualThreadsExecutor();
    Executor blocking = virtual != null ? virtual : pool;
    // First bean, so it stops last: after the requests in flight have finished with the database.
    server.addBean(new Closer(pantry));
    server.addBean(pantry.client());
    ServerConnector connector = connector(server, config);
    Secret adminSecret = ServerInfo.newSecret();
    Throttle throttle = new Throttle(new RateLimiter(), pantry.config(), pantry.metrics());
    ConfigReloader reloader = new ConfigReloader(pantry.config(), reloadSource, pantry.metrics());
    Readiness readiness = new Readiness(pantry.config(), b.database()::health, () -> storageProblem(b),
        pantry.client()::health, pantry.clock());
    RequestHistory history = new RequestHistory(pantry.clock());
    AdminAuth auth = new AdminAuth(() -> config(pantry).adminToken(), adminSecret);
    Routes.Features features = new Routes.Features(
        new SimpleHandler(pantry.pages(), throttle::upstreamGate, pantry.metrics(), blocking),
        new FileHandler(pantry.files(), throttle::upstreamGate, pantry.metrics(), () -> config(pantry).ops(),
            blocking),
        new Dispatched(new ApiHandler(pantry.config(), b.queries(), pantry.access(), pantry.client(), history,
            pantry.pages(), pantry.maintenance(), auth, pantry.clock(), pantry.shadows()), blocking),
        new UiHandler(PantryServer.class.getClassLoader(), "web"),
        new Dispatched(new AdminHandler(auth, pantry.maintenance(), reloader), blocking),
        new Dispatched(new MetricsHandler(pantry.metrics()), blocking),
        new Dispatched(new HealthHandler(readiness), blocking),
        new HomeHandler());
    OpsHandlers.install(server, Routes.of(features), throttle, pantry.metrics(), config.ops(),
        new HistoryLog(history));
    server.setErrorHandler(new ErrorPages());
    return new PantryServer(server, connector, pantry, adminSecret, reloader);
  }

  private static PantryConfig config(Pantry pantry) {
    return pantry.config().get();
  }

  private static ServerConnector connector(Server server, PantryConfig config) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setUriCompliance(URIS);
    ServerConnector connector = new ServerConnector(server, 1, config.sizing().selectors(),
        new HttpConnectionFactory(http));
    // On a graceful stop, keep-alive connections with no request in flight close after this instead of Jetty's
    // default second: they hold nothing that needs finishing.
    connector.setShutdownIdleTimeout(200);
    connector.setHost(config.listenHost());
    connector.setPort(config.listenPort());
    server.addConnector(connector);
    return connector;
  }

  private static QueuedThreadPool threadPool(Sizing sizing) {
    QueuedThreadPool pool = new QueuedThreadPool(sizing.maxThreads(), sizing.minThreads());
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
    pantry.evictor().poke();
    // After listening, so a command line that finds the file can reach the admin endpoint. Deleted when Jetty stops,
    // which also covers the shutdown hook on SIGTERM.
    Path data = pantry.config().get().dataDir();
    ServerInfo info = new ServerInfo(uri(), ProcessHandle.current().pid(), adminSecret);
    info.write(data);
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStopping(LifeCycle event) {
        try {
          info.deleteIfOurs(data);
        } catch (IOException e) {
          LOG.warn("could not delete {}: {}", ServerInfo.path(data), e.getMessage());
        }
      }
    });
    LOG.info("Pantry listening on {}simple/ (metadata {}, storage {}, coordination {})", uri(),
        pantry.backends().database().describe(), pantry.backends().blobs().describe(),
        pantry.backends().coordinator().describe());
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
    return pantry.backends().queries();
  }

  /** The services behind this server, for tests that look beneath HTTP. */
  public Pantry pantry() {
    return pantry;
  }

  /** Writes hit statistics counted so far to the index, so queries see them now rather than in a few seconds. */
  public void flushStats() {
    pantry.access().flush();
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
   * services and the backends are closed (by the server's lifecycle, so SIGTERM does the same).
   */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      // A server that never started has not stopped its beans: close what it opened here.
      pantry.close();
    }
  }

  /** The first store that cannot take writes, named by its role, or null. */
  private static @Nullable String storageProblem(Backends b) {
    String blobs = b.blobs().health().problem();
    if (blobs != null) {
      return "files " + blobs;
    }
    String renderings = b.renderings().health().problem();
    return renderings == null ? null : "pages " + renderings;
  }
}
