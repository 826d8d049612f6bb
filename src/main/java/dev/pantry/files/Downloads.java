package dev.pantry.files;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.coordination.BlobLeases;
import dev.pantry.coordination.Claim;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Ticket;
import dev.pantry.error.Problem;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.BlobStore;
import dev.pantry.upstream.FileStream;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Downloads listed files, each once however many clients ask at the same time, in this process and (through the
 * coordinator's claims) across replicas.
 *
 * <p>The first request for an uncached file leads: it downloads the file, teeing it to its client and into the
 * store ({@link Tee}). Requests of this process that arrive meanwhile follow: they stream the leader's upload as it
 * grows ({@link Follower}). If the shared download fails, every one of them fails with it and nothing is cached.
 * When another replica holds the file's claim, the leader waits for it to finish and serves the result from the
 * store. Offline, nothing is downloaded.
 */
final class Downloads {
  /** The answer for an uncached file in offline mode. */
  static final Problem OFFLINE = Problem.of(Problem.Kind.UPSTREAM_TIMEOUT, "offline: not cached");
  /** How long one wait for another replica's download lasts before the claim is tried again. */
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);

  private final UpstreamClient client;
  private final BlobStore blobs;
  private final MetadataStore meta;
  private final Coordinator coordinator;
  private final Predicate<FileKey> cachedNow;
  private final Runnable afterStore;
  private final Clock clock;

  /**
   * @param cachedNow  whether a file is cached right now (a download that finished first is not repeated)
   * @param afterStore called after each file stored (the size cap's evictor), must not block
   */
  Downloads(UpstreamClient client, BlobStore blobs, MetadataStore meta, Coordinator coordinator,
      Predicate<FileKey> cachedNow, Runnable afterStore, Clock clock) {
    this.client = client;
    this.blobs = blobs;
    this.meta = meta;
    this.coordinator = coordinator;
    this.cachedNow = cachedNow;
    this.afterStore = afterStore;
    this.clock = clock;
  }

  /**
   * Fetches a listed file into {@code sink} and the store, or follows the download of it already under way.
   *
   * @return see {@link DownloadResult}; {@code Cached} asks the caller to serve the file from the store
   */
  DownloadResult download(FileRecord file, UpstreamConfig upstream, boolean offline, DownloadSink sink) {
    if (offline) {
      return new DownloadResult.Failed(OFFLINE, false);
    }
    Ticket<DownloadFlight> ticket = coordinator.join(file.key().flightKey(), DownloadFlight::new);
    String expected = file.sha256() == null ? null : file.sha256().toLowerCase(Locale.ROOT);
    // The file stays in use for the whole request: once stored, eviction must not take it from under this client.
    BlobLeases.Lease held = expected == null ? null : coordinator.leases().acquire(expected);
    try {
      if (!ticket.leader()) {
        DownloadResult followed = Follower.follow(ticket.state(), sink);
        if (followed instanceof DownloadResult.Failed failed && !failed.clientStarted()
            && failed.problem().kind() == Problem.Kind.STORAGE) {
          // The shared download lost its store before this client got a byte; the upstream may be fine.
          return fetch(file, upstream, sink, new DownloadFlight(), false);
        }
        return followed;
      }
      return lead(file, upstream, sink, ticket);
    } finally {
      if (held != null) {
        held.close();
      }
    }
  }

  private DownloadResult lead(FileRecord file, UpstreamConfig upstream, DownloadSink sink,
      Ticket<DownloadFlight> ticket) {
    DownloadFlight flight = ticket.state();
    Claim.Granted claim = null;
    try {
      claim = claim(file.key());
      // A download that landed between our lookup and our claim has cached the file already: don't fetch it again.
      if (claim == null || cachedNow.test(file.key())) {
        if (claim == null) {
          flight.failed(Problem.of(Problem.Kind.UNAVAILABLE, "the server is stopping"));
          return new DownloadResult.Failed(Problem.of(Problem.Kind.UNAVAILABLE, "the server is stopping"), false);
        }
        flight.stored(0, "");
        return new DownloadResult.Cached();
      }
      DownloadResult result = fetch(file, upstream, sink, flight, true);
      if (result instanceof DownloadResult.Stored) {
        afterStore.run();
      }
      return result;
    } finally {
      flight.failed(Problem.of(Problem.Kind.INTERNAL, "the download of " + file.filename() + " ended unexpectedly"));
      ticket.land();
      if (claim != null) {
        claim.release();
      }
    }
  }

  /**
   * This process's claim on the file, after waiting out another replica's download of it; null when interrupted.
   * The caller checks whether the file is cached now: a claim won after a wait usually finds it so.
   */
  private Claim.@Nullable Granted claim(FileKey key) {
    try {
      while (true) {
        Claim c = coordinator.claim(key.flightKey());
        if (c instanceof Claim.Granted granted) {
          return granted;
        }
        if (((Claim.Elsewhere) c).awaitRelease(CLAIM_WAIT) && cachedNow.test(key)) {
          return (Claim.Granted) () -> { };
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private DownloadResult fetch(FileRecord file, UpstreamConfig upstream, DownloadSink sink, DownloadFlight flight,
      boolean cache) {
    Outcome<FileStream> outcome = client.openFile(upstream, URI.create(file.url()));
    Problem problem = problemOf(outcome, file.filename());
    if (problem != null) {
      flight.failed(problem);
      return new DownloadResult.Failed(problem, false);
    }
    FileStream stream = ((Outcome.Fetched<FileStream>) outcome).body();
    try {
      return new Tee(file, blobs, meta, coordinator.leases(), flight, cache, clock).run(stream, sink);
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
