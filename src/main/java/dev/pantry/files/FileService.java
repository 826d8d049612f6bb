package dev.pantry.files;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.coordination.BlobLeases;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.maintenance.BlobRemover;
import dev.pantry.metadata.AccessRecorder;
import dev.pantry.metadata.CachedRows;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metrics.Metrics;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import dev.pantry.upstream.UpstreamClient;
import dev.pantry.upstream.UpstreamGate;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files feature's facade: the whole sequence behind one request for a file. Look the file up; when no page lists
 * it, fetch the page and look again; serve a cached blob under a lease; download the rest once however many clients
 * ask. Only files an upstream page listed are ever fetched, so the mirror is never an open proxy. The answer is a
 * {@link FileOutcome}; nothing here knows HTTP.
 */
public final class FileService {
  private static final Logger LOG = LoggerFactory.getLogger(FileService.class);

  private final LiveConfig config;
  private final CachedRows meta;
  private final BlobStore blobs;
  private final Coordinator coordinator;
  private final Listings listings;
  private final AccessRecorder access;
  private final Downloads downloads;
  private final Prefetch prefetch;
  /** How long a HEAD waits for the upstream's headers before it waits for the whole download instead. */
  private static final long HEAD_WAIT_SECONDS = 30;
  private final HotBlobs hot;
  private final BlobRemover remover;
  private final Metrics metrics;
  private final Clock clock;

  /** Where a requested file stands, before any download. */
  sealed interface Lookup {
    record Hit(FileRecord row, Blob blob) implements Lookup {}

    record Miss(FileRecord row, UpstreamConfig upstream) implements Lookup {}

    record NotListed() implements Lookup {}
  }

  /**
   * @param hotBytes   memory for verified copies of small blobs
   * @param hotMax     the largest blob held in memory
   * @param afterStore called after each file stored (the size cap's evictor), must not block
   */
  public FileService(LiveConfig config, UpstreamClient client, CachedRows meta, BlobStore blobs,
      Coordinator coordinator, Listings listings, AccessRecorder access, BlobRemover remover, Metrics metrics,
      long hotBytes, int hotMax, Runnable afterStore, Clock clock) {
    this.config = config;
    this.meta = meta;
    this.blobs = blobs;
    this.coordinator = coordinator;
    this.listings = listings;
    this.access = access;
    this.remover = remover;
    this.metrics = metrics;
    this.clock = clock;
    this.hot = new HotBlobs(hotBytes, hotMax);
    coordinator.subscribe(event -> {
      if (event instanceof Invalidation.Blob b) {
        hot.drop(b.sha256());
      } else if (event instanceof Invalidation.All) {
        hot.clear();
      }
    });
    this.downloads = new Downloads(client, blobs, meta, coordinator,
        key -> lookup(config.get(), key) instanceof Lookup.Hit, afterStore, clock);
    this.prefetch = new Prefetch(downloads);
  }

  /**
   * Answers a request for {@code key}. {@code sink} receives the bytes of a download this request leads or follows;
   * a HEAD passes a sink that wants no body.
   */
  public FileOutcome serve(FileKey key, DownloadSink sink, UpstreamGate gate) {
    PantryConfig c = config.get();
    listings.awaitListing(key.upstreamId(), key.project());
    Problem notOwner = listings.fileRefusal(key.upstreamId(), key.project());
    if (notOwner != null) {
      return new FileOutcome.Refused(notOwner);
    }
    Lookup lookup = lookup(c, key);
    Problem pageProblem = null;
    if (lookup instanceof Lookup.NotListed && c.upstream(key.upstreamId()) != null) {
      // The page may not have been fetched yet (or was listed before the index lost it): ask once.
      pageProblem = listings.refresh(key.upstreamId(), key.project(), gate);
      if (pageProblem != null && pageProblem.kind() == Problem.Kind.RATE_LIMITED) {
        return new FileOutcome.Refused(pageProblem);
      }
      listings.awaitListing(key.upstreamId(), key.project()); // the page just fetched is written behind its answer
      lookup = lookup(c, key);
    }
    FileOutcome hit = serveHit(c, key, lookup, "HIT");
    if (hit != null) {
      return hit;
    }
    if (lookup instanceof Lookup.Hit) {
      lookup = lookup(c, key); // the blob went between the lookup and the lease: it is a miss now
    }
    if (lookup instanceof Lookup.Miss miss) {
      // A HEAD answered early still starts a download: it pays the upstream rate limit like any other.
      Problem refused = gate.enter();
      if (refused != null) {
        return new FileOutcome.Refused(refused);
      }
      FileOutcome early = sink.wantsBody() ? null : headFromListing(c, miss);
      return early != null ? early : download(c, miss, sink);
    }
    // Offline, or the upstream is down: say so rather than "not listed".
    return new FileOutcome.Refused(pageProblem != null ? pageProblem : Problem.of(Problem.Kind.NOT_FOUND,
        "no upstream page lists " + key.filename() + " for project '" + key.project() + "'"));
  }

  /**
   * A cache hit answered from memory alone, or null when the answer needs the index, the store or an upstream (the
   * caller then calls {@link #serve} where it may block). Takes no lock and no lease: the verified bytes are held in
   * memory, where no removal can touch them, and a removal anywhere drops them from memory.
   */
  public FileOutcome.@Nullable Serve fromMemory(FileKey key) {
    if (config.get().upstream(key.upstreamId()) == null
        || !listings.servableFromMemory(key.upstreamId(), key.project())) {
      return null;
    }
    FileRecord row = meta.peek(key).orElse(null);
    if (row == null || row.cachedSha256() == null || !row.cachedMatchesListing()) {
      return null;
    }
    String sha = row.cachedSha256();
    HotBlobs.Kept kept = hot.kept(sha);
    return kept == null ? null : new FileOutcome.Serve(row, kept.blob(), kept.bytes(), null, "HIT");
  }

  /**
   * A HEAD on a file not cached yet, answered as soon as its length is known (from its listing, else from the
   * upstream's headers) while the download goes on behind it; null when offline, when no download could be started,
   * or when the upstream gave no length (the HEAD then follows the download, as a GET does).
   */
  private FileOutcome.@Nullable Headers headFromListing(PantryConfig c, Lookup.Miss miss) {
    FileRecord row = miss.row();
    CompletableFuture<@Nullable Long> answered = c.cache().offline() ? null : prefetch.start(row, miss.upstream());
    if (answered == null) {
      return null;
    }
    Long size = row.size();
    if (size == null) {
      try {
        size = answered.get(HEAD_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException | TimeoutException e) {
        return null;
      }
    }
    String sha = row.sha256();
    return size == null || size < 0 ? null
        : new FileOutcome.Headers(size, sha == null ? "" : sha.toLowerCase(Locale.ROOT));
  }

  /** Stops the downloads no client waits for; at shutdown. */
  public void close() {
    prefetch.close();
  }

  /** Counts a hit served by the caller (a blob answered from memory, say), off the hot path. */
  public void recordHit(FileKey key, long bytes) {
    access.hit(key, bytes);
  }

  /** A lease and the blob, when the lookup is a hit whose blob is still there; else null (look up again). */
  private @Nullable FileOutcome serveHit(PantryConfig c, FileKey key, Lookup lookup, String status) {
    if (!(lookup instanceof Lookup.Hit hit)) {
      return null;
    }
    String sha = hit.blob().sha256();
    BlobLeases.Lease lease = coordinator.leases().acquire(sha);
    // Leased now, so no removal can start; it may have finished just before.
    Optional<Blob> still = blobs.find(sha);
    if (still.isEmpty()) {
      lease.close();
      meta.forgetBlob(sha);
      return null;
    }
    HotBlobs.Load load = hot.get(still.get());
    if (load instanceof HotBlobs.Load.Loaded loaded) {
      return new FileOutcome.Serve(hit.row(), still.get(), loaded.bytes(), lease, status);
    }
    if (load instanceof HotBlobs.Load.TooLarge) {
      return new FileOutcome.Serve(hit.row(), still.get(), null, lease, status);
    }
    lease.close();
    if (load instanceof HotBlobs.Load.Corrupt corrupt) {
      // Rot on the medium: never serve it. Remove it the one way blobs go, so the next try downloads it whole.
      LOG.error("cached blob {} does not hash to its name (got {}); removing it, it will be downloaded again", sha,
          corrupt.actual());
      remover.remove(sha, meta.cachedAs(sha).stream().map(FileRecord::key).toList());
    } else {
      LOG.warn("cached blob {} cannot be read ({}); treating it as not cached", sha,
          ((HotBlobs.Load.Unreadable) load).reason());
      meta.forgetBlob(sha);
    }
    return null;
  }

  private FileOutcome download(PantryConfig c, Lookup.Miss miss, DownloadSink sink) {
    DownloadResult result;
    long askedAt = clock.millis();
    metrics.downloadStarted();
    try {
      result = downloads.download(miss.row(), miss.upstream(), c.cache().offline(), sink);
    } finally {
      metrics.downloadEnded();
    }
    FileKey key = miss.row().key();
    if (result instanceof DownloadResult.Stored stored) {
      access.hit(key, stored.size(), askedAt);
      if (miss.row().sha256() == null && miss.row().altHash() == null) {
        listings.hashLearned(key);
      }
    } else if (result instanceof DownloadResult.Sent sent) {
      access.hit(key, sent.size(), askedAt);
    }
    if (result instanceof DownloadResult.Cached || !sink.wantsBody() && result instanceof DownloadResult.Stored) {
      FileOutcome served = serveHit(c, key, lookup(c, key), "MISS");
      return served != null ? served : new FileOutcome.Refused(Problem.of(Problem.Kind.UNAVAILABLE,
          key.filename() + " left the cache as it was stored; try again").retryAfter(1));
    }
    if (result instanceof DownloadResult.Sent sent && !sink.wantsBody()) {
      return new FileOutcome.Headers(sent.size(), sent.sha256());
    }
    if (result instanceof DownloadResult.Failed failed) {
      return failed.clientStarted() ? new FileOutcome.Aborted(failed.problem())
          : new FileOutcome.Refused(failed.problem());
    }
    return new FileOutcome.Streamed();
  }

  /** Looks a file up in the index; a cached row counts only while its blob exists and matches the listing. */
  Lookup lookup(PantryConfig c, FileKey key) {
    UpstreamConfig up = c.upstream(key.upstreamId());
    if (up == null) {
      return new Lookup.NotListed();
    }
    Optional<FileRecord> row;
    try {
      row = meta.findFile(key);
    } catch (StorageException e) {
      // The index is down; a page served from memory meanwhile still lists what it showed.
      Optional<FileRecord> unrecorded = listings.unrecorded(key);
      if (unrecorded.isEmpty()) {
        throw e;
      }
      return new Lookup.Miss(unrecorded.get(), up);
    }
    if (row.isEmpty()) {
      Optional<FileRecord> unrecorded = listings.unrecorded(key);
      return unrecorded.isPresent() ? new Lookup.Miss(unrecorded.get(), up) : new Lookup.NotListed();
    }
    FileRecord f = row.get();
    String cached = f.cachedSha256();
    if (cached != null && f.cachedMatchesListing()) {
      Optional<Blob> blob = blobs.find(cached);
      if (blob.isPresent()) {
        return new Lookup.Hit(f, blob.get());
      }
      meta.forgetBlob(cached);
    }
    return new Lookup.Miss(f, up);
  }
}
