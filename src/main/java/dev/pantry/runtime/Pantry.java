package dev.pantry.runtime;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.coordination.Invalidation;
import dev.pantry.files.FileService;
import dev.pantry.maintenance.BlobRemover;
import dev.pantry.maintenance.Evictor;
import dev.pantry.maintenance.LocalMaintenance;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.Reconciler;
import dev.pantry.metadata.AccessRecorder;
import dev.pantry.metrics.Metrics;
import dev.pantry.ownership.Ownership;
import dev.pantry.ownership.Shadows;
import dev.pantry.simple.PageFetcher;
import dev.pantry.simple.Warmup;
import dev.pantry.simple.PageService;
import dev.pantry.simple.PageStore;
import dev.pantry.upstream.BreakerPolicy;
import dev.pantry.upstream.BulkheadPolicy;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.RetryPolicy;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of a running mirror, built once over its {@link Backends}: the page and file services, access
 * statistics, eviction and maintenance, the upstream client and metrics. The server puts HTTP in front of these; it
 * builds nothing itself.
 */
public final class Pantry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pantry.class);
  /** Soon after start, so a private registry's names are claimed before they are asked for. */
  private static final long ROOTS_FIRST_MILLIS = 10_000;
  private static final Duration SHARED_BUNDLE_GRACE = Duration.ofMinutes(10);
  private final LiveConfig config;
  private final Backends backends;
  private final Metrics metrics;
  private final UpstreamClient client;
  private final AccessRecorder access;
  private final BlobRemover remover;
  private final Ownership ownership;
  private final Shadows shadows;
  /** Reads the upstreams' project lists now and then: early ownership claims and shadows, with several upstreams. */
  private final ScheduledExecutorService roots = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pantry-roots");
    t.setDaemon(true);
    return t;
  });
  private final PageService pages;
  private final PageFetcher fetcher = new PageFetcher();
  private final FileService files;
  private final Evictor evictor;
  private final Maintenance maintenance;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pantry(LiveConfig config, Backends b) {
    this.config = config;
    this.backends = b;
    PantryConfig c = config.get();
    this.metrics = new Metrics();
    UpstreamPolicy policy = c.policy();
    PageMemory pageMemory = new PageMemory(c.sizing().pageBuffers());
    this.client = new UpstreamClient(c.timeouts(), c.maxPageBytes(),
        new RetryPolicy(policy.attempts(), policy.backoff(), policy.maxBackoff()),
        new BreakerPolicy(policy.breakerThreshold(), policy.breakerCoolDown()),
        new BulkheadPolicy(policy.concurrency(), policy.queue(), policy.queueWait()), pageMemory, metrics, b.clock());
    this.access = new AccessRecorder(b.meta(), b.clock(), c.sizing().statsFlushMillis());
    this.remover = new BlobRemover(b.meta(), b.blobs(), b.coordinator());
    PageStore pageStore = new PageStore(b.meta(), b.renderings(), b.coordinator(), c.sizing().pageMemory());
    this.ownership = new Ownership(b.owners(), b.coordinator(), b.clock());
    this.shadows = new Shadows();
    metrics.watchShadows(shadows::counts);
    this.pages = new PageService(config, client, pageStore, fetcher, b.coordinator(), b.clock(),
        pageMemory, ownership, shadows, MemoryReturn::afterLargePage);
    this.evictor = new Evictor(() -> config.get().cache().maxSize(), b.meta(), remover, access, b.coordinator(),
        60_000);
    this.files = new FileService(config, client, b.meta(), b.blobs(), b.coordinator(), pages, access, remover,
        metrics, c.sizing().blobMemory(), c.sizing().blobMemoryMax(), evictor::poke, b.clock());
    this.maintenance = maintenance(b, remover, access::flush, ownership);
    b.database().afterRecovery(() -> {
      // The rebuilt index may lack what the stopped one held in memory: forget every copy and re-index.
      b.coordinator().publish(new Invalidation.All());
      try {
        reconcile(b);
      } catch (IOException | RuntimeException e) {
        LOG.warn("re-indexing after the database came back failed; the next start does it: {}", e.toString());
      }
    });
    long period = Math.max(60_000, c.pageTtl().toMillis());
    roots.scheduleWithFixedDelay(this::refreshRoots, ROOTS_FIRST_MILLIS, period, TimeUnit.MILLISECONDS);
    metrics.watchCache(() -> {
      var stats = b.queries().stats(0);
      return new Metrics.CacheTotals(stats.files(), stats.bytes());
    });
  }

  /**
   * Opens the backends and builds the services, after reconciling the index with the stores: whatever a crash left
   * half done is undone or completed before anything is served.
   */
  public static Pantry open(PantryConfig config, Clock clock, Backends.Overrides overrides) throws IOException {
    Backends b = Backends.open(config, clock, overrides);
    try {
      reconcile(b);
      return new Pantry(new LiveConfig(config), b);
    } catch (IOException | RuntimeException e) {
      b.close();
      throw e;
    }
  }

  /** The reconcile, as a leader-only job: one process at a time rebuilds, the others find it done. */
  public static void reconcile(Backends b) throws IOException {
    IOException[] failure = new IOException[1];
    b.coordinator().runExclusive("reconcile", () -> {
      try {
        // Shared renderings: another replica's bundle may be seconds away from the row that names it.
        new Reconciler(b.blobs(), b.renderings(), b.meta(), PageStore::bundleRecord,
            b.config().storage().isS3() ? SHARED_BUNDLE_GRACE : Duration.ZERO).run();
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /** Maintenance over backends this process opened (the command line without a running server, or the server). */
  public static Maintenance maintenance(Backends b, BlobRemover remover, Runnable beforeRead, Ownership ownership) {
    return new LocalMaintenance(b.meta(), b.queries(), b.blobs(), remover, beforeRead, b.clock(), ownership);
  }

  /** The same, with its own remover, for a command line that has no server. */
  public static Maintenance maintenance(Backends b) {
    return maintenance(b, new BlobRemover(b.meta(), b.blobs(), b.coordinator()), () -> { },
        new Ownership(b.owners(), b.coordinator(), b.clock()));
  }

  public LiveConfig config() {
    return config;
  }

  public Backends backends() {
    return backends;
  }

  public Clock clock() {
    return backends.clock();
  }

  public Metrics metrics() {
    return metrics;
  }

  public UpstreamClient client() {
    return client;
  }

  public AccessRecorder access() {
    return access;
  }

  public Ownership ownership() {
    return ownership;
  }

  public Shadows shadows() {
    return shadows;
  }

  /** One reading of the upstreams' project lists, by one process at a time. */
  private void refreshRoots() {
    try {
      backends.coordinator().runExclusive("roots", pages::refreshRoots);
    } catch (RuntimeException e) {
      LOG.warn("reading the upstreams' project lists failed: {}", e.toString());
    }
  }

  public PageService pages() {
    return pages;
  }

  public FileService files() {
    return files;
  }

  public Evictor evictor() {
    return evictor;
  }

  public Maintenance maintenance() {
    return maintenance;
  }

  /**
   * Warms the page pipeline up in the background when the configuration says so, then runs {@code then}: at once
   * when there is no warm-up. The server calls it once.
   */
  public void warmUp(Runnable then) {
    PantryConfig c = config.get();
    if (c.ops().warmUp() && !c.upstreams().isEmpty()) {
      Warmup.start(fetcher, c.upstreams().get(0), then);
    } else {
      then.run();
    }
  }

  /** Closes the evictor, writes pending statistics, then closes the backends. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    roots.shutdownNow();
    try {
      pages.close(); // page writes under way need the backends
      files.close();
      evictor.close();
      access.close();
    } finally {
      backends.close();
    }
  }
}
