package dev.pantry.files;

import dev.pantry.coordination.BlobLeases;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.Digests;
import dev.pantry.storage.UploadResult;
import dev.pantry.upstream.FileStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of one download: upstream bytes go into a {@link BlobUpload} (published to the flight's
 * followers) and to the leader's own client, while they are hashed.
 *
 * <p>The last chunk is held back from the client until the digest is checked: on a mismatch it is never sent, so the
 * client sees an aborted response, never a clean 200 of wrong bytes. Only a verified file enters the cache.
 *
 * <p>When the store fails (full, read-only, even before the first byte), the cache entry is dropped, the followers are
 * told (STORAGE), and the leader's client still gets the whole file, verified in memory from the digest the upload
 * had reached. The server keeps running and says so in its log.
 *
 * <p>A page that gave no sha256 but another hash (md5, sha512...) has the file checked against that one as well, the
 * same way: a mismatch is never served and never cached.
 */
final class Tee {
  private static final Logger LOG = LoggerFactory.getLogger(Tee.class);

  private final FileRecord file;
  private final MetadataStore meta;
  private final BlobLeases leases;
  private final DownloadFlight flight;
  private final Clock clock;
  private @Nullable BlobUpload upload;
  /** Takes every byte once the upload is gone (never stored, or abandoned): set whenever {@code upload} is null. */
  private MessageDigest memoryDigest = Digests.sha256();
  private final @Nullable OtherHash other;
  private final @Nullable MessageDigest otherDigest;
  private long size;

  /** @param cache false for a pass-through download that stores nothing (a follower's fallback when the disk failed) */
  Tee(FileRecord file, BlobStore blobs, MetadataStore meta, BlobLeases leases, DownloadFlight flight, boolean cache,
      Clock clock) {
    this.file = file;
    this.meta = meta;
    this.leases = leases;
    this.flight = flight;
    this.clock = clock;
    this.other = file.sha256() == null ? OtherHash.parse(file.altHash()) : null;
    this.otherDigest = other == null ? null : other.digest();
    if (cache) {
      try {
        upload = blobs.begin();
      } catch (IOException | StorageException e) {
        diskFailed(e, "cannot start an upload");
      }
    }
  }

  /** Streams the body; see the class comment. Leaves the flight ended, one way or the other. */
  DownloadResult run(FileStream stream, DownloadSink sink) {
    GuardedSink out = new GuardedSink(sink, file.filename());
    try {
      long length = stream.contentLength() >= 0 ? stream.contentLength() : file.size() == null ? -1 : file.size();
      if (upload != null) {
        flight.streaming(upload, length, file.sha256());
      }
      out.begin(length, file.sha256());
      Chunks chunks = new Chunks(stream.body());
      ByteBuffer held = null;
      for (ByteBuffer next = chunks.next(); next != null; next = chunks.next()) {
        keep(next);
        if (held != null) {
          out.write(held, false);
        }
        held = next;
      }
      return finish(out, held == null ? ByteBuffer.allocate(0) : held);
    } catch (UncheckedIOException e) {
      // The upstream body's failures are one redacted line (UpstreamBody); the wrapper's message is not.
      Throwable cause = e.getCause();
      String why = String.valueOf(cause == null ? e.getMessage() : cause.getMessage());
      Problem p = Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream broke off while sending " + file.filename()
          + ": " + why);
      LOG.warn("download of {} from upstream {} broke off: {}", file.filename(), file.upstreamId(), why);
      flight.failed(p);
      return new DownloadResult.Failed(p, out.started());
    } finally {
      if (upload != null) {
        upload.close();
      }
    }
  }

  /** Puts a chunk into the upload (or only the digest, once the store has failed). */
  private void keep(ByteBuffer chunk) {
    size += chunk.remaining();
    if (otherDigest != null) {
      otherDigest.update(chunk.duplicate());
    }
    BlobUpload u = upload;
    if (u != null) {
      try {
        u.write(chunk);
        flight.published(u.written());
        return;
      } catch (IOException | StorageException e) {
        upload = null;
        memoryDigest = u.abandon();
        diskFailed(e, "write failed after " + u.written() + " bytes");
        return;
      }
    }
    memoryDigest.update(chunk.duplicate());
  }

  private DownloadResult finish(GuardedSink out, ByteBuffer last) {
    BlobUpload u = upload;
    if (other != null && otherDigest != null && !other.matches(otherDigest.digest())) {
      if (u != null) {
        upload = null;
        u.abandon();
      }
      return otherMismatch(out);
    }
    if (u == null) {
      return finishInMemory(out, last, Digests.hex(memoryDigest.digest()));
    }
    upload = null;
    UploadResult result = u.commit(file.sha256(), new BlobName(file.upstreamId(), file.project(), file.filename(),
        file.url()));
    if (result instanceof UploadResult.Mismatch m) {
      return mismatch(out, m.actual());
    }
    if (result instanceof UploadResult.Unwritable w) {
      diskFailed(new IOException(w.reason()), "cannot store the finished file");
      return finishInMemory(out, last, w.sha256());
    }
    UploadResult.Stored stored = (UploadResult.Stored) result;
    String sha = stored.blob().sha256();
    // In use until the last byte is out, even when the page listed no hash to lease it by beforehand.
    BlobLeases.Lease lease = leases.acquire(sha);
    try {
      try {
        meta.markCached(file.key(), sha, stored.blob().size(), clock.millis());
      } catch (StorageException e) {
        // The blob is whole, verified and carries its record; the next reconcile re-indexes it.
        LOG.error("cannot record cached file {} in the index (the blob is kept and will be re-indexed): {}",
            file.filename(), e.getMessage());
      }
      flight.stored(stored.blob().size(), sha);
      out.write(last, true);
    } finally {
      lease.close();
    }
    return new DownloadResult.Stored(sha, stored.blob().size());
  }

  private DownloadResult finishInMemory(GuardedSink out, ByteBuffer last, String actual) {
    if (file.sha256() != null && !file.sha256().toLowerCase(Locale.ROOT).equals(actual)) {
      return mismatch(out, actual);
    }
    out.write(last, true);
    return new DownloadResult.Sent(actual, size);
  }

  private DownloadResult mismatch(GuardedSink out, String actual) {
    LOG.error("hash mismatch for {} from upstream {}: expected sha256 {}, got {} ({} bytes); discarded",
        file.filename(), file.upstreamId(), file.sha256(), actual, size);
    Problem p = Problem.of(Problem.Kind.INTEGRITY, "upstream file " + file.filename() + " does not match its sha256");
    flight.failed(p);
    return new DownloadResult.Failed(p, out.started());
  }

  private DownloadResult otherMismatch(GuardedSink out) {
    OtherHash expected = Objects.requireNonNull(other);
    LOG.error("hash mismatch for {} from upstream {}: the page's {} is {}, the file's is not ({} bytes); discarded",
        file.filename(), file.upstreamId(), expected.name(), expected.hex(), size);
    Problem p = Problem.of(Problem.Kind.INTEGRITY, "upstream file " + file.filename() + " does not match its "
        + expected.name());
    flight.failed(p);
    return new DownloadResult.Failed(p, out.started());
  }

  private void diskFailed(Exception e, String what) {
    LOG.error("cache write failed for {} ({}); entry dropped, streaming on without caching, server keeps running: {}",
        file.filename(), what, e.toString());
    flight.failed(Problem.of(Problem.Kind.STORAGE, "the cache cannot write: " + e.getMessage()));
  }
}
