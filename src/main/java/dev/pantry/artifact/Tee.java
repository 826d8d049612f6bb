package dev.pantry.artifact;

import dev.pantry.cache.BlobLeases;
import dev.pantry.cache.BlobStore;
import dev.pantry.cache.BlobWriter;
import dev.pantry.cache.FileRecord;
import dev.pantry.cache.MetadataStore;
import dev.pantry.cache.StorageException;
import dev.pantry.error.Problem;
import dev.pantry.upstream.FileStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of one download: upstream bytes go to the temp file (published to the {@link Flight}'s
 * followers) and to the leader's own client, while they are hashed.
 *
 * <p>The last chunk is held back from the client until the digest is checked: on a mismatch it is never sent, so
 * the client sees an aborted response, never a clean 200 of wrong bytes. Only a verified file enters the cache.
 *
 * <p>When the disk fails (full, read-only, even before the first byte), the cache entry is dropped, the followers are
 * told (STORAGE), and the leader's client still gets the whole file, verified in memory from the digest the writer
 * had reached. The server keeps running and says so in its log.
 */
final class Tee {
  private static final Logger LOG = LoggerFactory.getLogger(Tee.class);

  private final FileRecord file;
  private final BlobStore blobs;
  private final MetadataStore meta;
  private final BlobLeases leases;
  private final Flight flight;
  private @Nullable BlobWriter writer;
  private @Nullable MessageDigest memoryDigest;
  private long size;

  /**
   * @param cache false for a pass-through download that stores nothing (a follower's fallback when the disk failed)
   */
  Tee(FileRecord file, BlobStore blobs, MetadataStore meta, BlobLeases leases, Flight flight, boolean cache) {
    this.file = file;
    this.blobs = blobs;
    this.meta = meta;
    this.leases = leases;
    this.flight = flight;
    if (cache) {
      try {
        writer = blobs.create();
      } catch (IOException e) {
        diskFailed(e, "cannot create a temp file");
      }
    }
    if (writer == null) {
      memoryDigest = newDigest();
    }
  }

  /** Streams the body; see the class comment. Leaves the flight ended, one way or the other. */
  DownloadResult run(FileStream stream, DownloadSink sink) {
    GuardedSink out = new GuardedSink(sink, file.filename());
    try {
      long length = stream.contentLength() >= 0 ? stream.contentLength() : file.size() == null ? -1 : file.size();
      if (writer != null) {
        flight.streaming(writer.tempPath(), length, file.sha256());
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
      Problem p = Problem.of(Problem.Kind.UPSTREAM_FAILED, "upstream broke off while sending " + file.filename()
          + ": " + e.getCause().getMessage());
      LOG.warn("download of {} from upstream {} broke off: {}", file.filename(), file.upstreamId(),
          e.getCause().getMessage());
      flight.failed(p);
      return new DownloadResult.Failed(p, out.started());
    } finally {
      if (writer != null) {
        writer.abandon();
      }
    }
  }

  /** Puts a chunk into the cache (or only the digest, once the disk has failed). */
  private void keep(ByteBuffer chunk) {
    size += chunk.remaining();
    BlobWriter w = writer;
    if (w != null) {
      try {
        w.write(chunk);
        flight.published(w.size());
        return;
      } catch (IOException e) {
        writer = null;
        memoryDigest = w.abandon();
        diskFailed(e, "write failed after " + w.size() + " bytes");
        return;
      }
    }
    memoryDigest.update(chunk.duplicate());
  }

  private DownloadResult finish(GuardedSink out, ByteBuffer last) {
    BlobWriter w = writer;
    if (w == null) {
      return finishInMemory(out, last, HexFormat.of().formatHex(memoryDigest.digest()));
    }
    writer = null;
    BlobWriter.Result result = w.commit(file.sha256());
    if (result instanceof BlobWriter.Result.Mismatch m) {
      return mismatch(out, m.actual());
    }
    if (result instanceof BlobWriter.Result.Unwritable u) {
      diskFailed(u.cause(), "cannot store the finished file");
      return finishInMemory(out, last, u.sha256());
    }
    BlobWriter.Result.Stored stored = (BlobWriter.Result.Stored) result;
    // In use until the last byte is out, even when the page listed no hash to lease it by beforehand.
    BlobLeases.Lease lease = leases.acquire(stored.sha256());
    try {
      try {
        meta.markCached(file.upstreamId(), file.project(), file.filename(), stored.sha256(), stored.size(),
            System.currentTimeMillis());
      } catch (StorageException e) {
        // The blob is whole and verified; without its row the startup reconcile re-indexes it.
        LOG.error("cannot record cached file {}: {}", file.filename(), e.getMessage());
      }
      flight.stored(stored.size(), stored.sha256());
      out.write(last, true);
    } finally {
      lease.close();
    }
    return new DownloadResult.Stored(stored.sha256(), stored.size());
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

  private void diskFailed(IOException e, String what) {
    LOG.error("cache write failed for {} ({}); entry dropped, streaming on without caching, server keeps running: {}",
        file.filename(), what, e.toString());
    flight.failed(Problem.of(Problem.Kind.STORAGE, "the cache cannot write: " + e.getMessage()));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
