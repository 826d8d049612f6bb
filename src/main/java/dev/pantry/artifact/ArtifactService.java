package dev.pantry.artifact;

import dev.pantry.cache.AccessRecorder;
import dev.pantry.cache.BlobLeases;
import dev.pantry.cache.BlobStore;
import dev.pantry.cache.FileRecord;
import dev.pantry.cache.MetadataStore;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.upstream.FileStream;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds cached files and downloads the others, each file once however many clients ask for it at the same time.
 *
 * <p>The first request for an uncached file leads: it downloads the file, teeing it to its client and into the cache
 * ({@link Tee}). Requests that arrive meanwhile follow: they stream the leader's temp file as it grows
 * ({@link Follower}). If the shared download fails, every one of them fails with it and nothing is cached. Only a
 * verified file enters the cache. Offline, nothing is downloaded.
 */
public final class ArtifactService {
  /** The answer for an uncached file in offline mode. */
  public static final Problem OFFLINE = Problem.of(Problem.Kind.UPSTREAM_TIMEOUT, "offline: not cached");

  private final LiveConfig config;
  private final UpstreamClient client;
  private final BlobStore blobs;
  private final MetadataStore meta;
  private final AccessRecorder access;
  private final BlobLeases leases;
  private final Runnable afterStore;
  private final InflightDownloads inflight = new InflightDownloads();

  /** Where a requested file stands. */
  public sealed interface Lookup {
    /** Cached and verified: serve {@code path}. */
    record Hit(FileRecord file, Path path) implements Lookup {}

    /** Listed by a page but not cached: download it. */
    record Miss(FileRecord file, UpstreamConfig upstream) implements Lookup {}

    /** No page listed it: the mirror will not fetch it. */
    record NotListed() implements Lookup {}
  }

  /**
   * @param leases     blobs in use; a download holds its file from the moment it is stored until its client is done
   * @param afterStore called after each file stored (the size cap's evictor), must not block
   */
  public ArtifactService(LiveConfig config, UpstreamClient client, BlobStore blobs, MetadataStore meta,
      AccessRecorder access, BlobLeases leases, Runnable afterStore) {
    this.config = config;
    this.client = client;
    this.blobs = blobs;
    this.meta = meta;
    this.access = access;
    this.leases = leases;
    this.afterStore = afterStore;
  }

  /** Looks a file up in the index; only rows written from upstream pages are ever fetched (no open proxy). */
  public Lookup lookup(String upstreamId, String project, String filename) {
    Optional<UpstreamConfig> up = config.get().upstreams().stream().filter(u -> u.id().equals(upstreamId)).findFirst();
    if (up.isEmpty()) {
      return new Lookup.NotListed();
    }
    Optional<FileRecord> row = meta.findFile(upstreamId, project, filename);
    if (row.isEmpty()) {
      return new Lookup.NotListed();
    }
    FileRecord f = row.get();
    // A cached blob counts only if it is what the page lists now: a re-uploaded file gets fetched again.
    if (f.cachedSha256() != null && (f.sha256() == null || f.sha256().equalsIgnoreCase(f.cachedSha256()))) {
      Optional<Path> path = blobs.find(f.cachedSha256());
      if (path.isPresent()) {
        return new Lookup.Hit(f, path.get());
      }
      meta.markUncached(upstreamId, project, filename);
    }
    return new Lookup.Miss(f, up.get());
  }

  /** Marks a cached blob in use for as long as the lease is open; see {@link BlobLeases#acquire}. */
  public BlobLeases.Lease lease(String sha256) {
    return leases.acquire(sha256);
  }

  /** Counts a cache hit, off the hot path. */
  public void recordHit(FileRecord f, long bytes) {
    access.hit(f.upstreamId(), f.project(), f.filename(), bytes);
  }

  /**
   * Fetches a listed file into {@code sink} and the cache, or follows the download of it already under way.
   *
   * @return see {@link DownloadResult}; {@code Cached} asks the caller to serve the file from the cache
   */
  public DownloadResult download(Lookup.Miss miss, DownloadSink sink) {
    if (config.get().cache().offline()) {
      return new DownloadResult.Failed(OFFLINE, false);
    }
    FileRecord f = miss.file();
    InflightDownloads.Key key = new InflightDownloads.Key(f.upstreamId(), f.project(), f.filename());
    InflightDownloads.Ticket ticket = inflight.join(key);
    String expected = f.sha256() == null ? null : f.sha256().toLowerCase(Locale.ROOT);
    // The file stays in use for the whole request: once stored, eviction must not take it from under this client.
    BlobLeases.Lease held = expected == null ? null : leases.acquire(expected);
    try {
      if (!ticket.leader()) {
        DownloadResult followed = Follower.follow(ticket.flight(), sink);
        if (followed instanceof DownloadResult.Failed failed && !failed.clientStarted()
            && failed.problem().kind() == Problem.Kind.STORAGE) {
          // The shared download lost its disk before this client got a byte; the upstream may be fine.
          return fetch(miss, sink, new Flight(), false);
        }
        return followed;
      }
      return lead(miss, sink, key, ticket.flight());
    } finally {
      if (held != null) {
        held.close();
      }
    }
  }

  private DownloadResult lead(Lookup.Miss miss, DownloadSink sink, InflightDownloads.Key key, Flight flight) {
    FileRecord f = miss.file();
    try {
      // A download that landed between our lookup and our join has cached the file already: don't fetch it again.
      if (lookup(f.upstreamId(), f.project(), f.filename()) instanceof Lookup.Hit) {
        flight.stored(0, "");
        return new DownloadResult.Cached();
      }
      DownloadResult result = fetch(miss, sink, flight, true);
      if (result instanceof DownloadResult.Stored stored) {
        access.hit(f.upstreamId(), f.project(), f.filename(), stored.size());
        afterStore.run();
      }
      return result;
    } finally {
      flight.failed(Problem.of(Problem.Kind.INTERNAL, "the download of " + f.filename() + " ended unexpectedly"));
      inflight.land(key, flight);
    }
  }

  private DownloadResult fetch(Lookup.Miss miss, DownloadSink sink, Flight flight, boolean cache) {
    FileRecord f = miss.file();
    Outcome<FileStream> outcome = client.openFile(miss.upstream(), URI.create(f.url()));
    Problem problem = problemOf(outcome, f.filename());
    if (problem != null) {
      flight.failed(problem);
      return new DownloadResult.Failed(problem, false);
    }
    FileStream stream = ((Outcome.Fetched<FileStream>) outcome).body();
    try {
      return new Tee(f, blobs, meta, leases, flight, cache).run(stream, sink);
    } finally {
      try {
        stream.close();
      } catch (IOException e) {
        // Closing (or aborting) the upstream exchange after the fact: the result stands.
      }
    }
  }

  private static @Nullable Problem problemOf(Outcome<FileStream> outcome, String filename) {
    if (outcome instanceof Outcome.Fetched<FileStream>) {
      return null;
    }
    if (outcome instanceof Outcome.NotFound<FileStream>) {
      return Problem.of(Problem.Kind.NOT_FOUND, "the upstream no longer has " + filename);
    }
    if (outcome instanceof Outcome.Failed<FileStream> failed) {
      return failed.problem();
    }
    return Problem.of(Problem.Kind.UPSTREAM_FAILED, "unexpected upstream answer for " + filename);
  }
}
