package dev.pantry.artifact;

import dev.pantry.cache.AccessRecorder;
import dev.pantry.cache.BlobStore;
import dev.pantry.cache.BlobWriter;
import dev.pantry.cache.FileRecord;
import dev.pantry.cache.MetadataStore;
import dev.pantry.config.Origin;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.upstream.FileStream;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds cached files and downloads the others, teeing each byte to the client and to a temp file while hashing it.
 *
 * <p>The last chunk is held back until the digest is checked: on a mismatch it is never sent, so the client sees a
 * short body and an aborted connection, never a clean 200 of wrong bytes. Only a verified file enters the cache.
 */
public final class ArtifactService {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactService.class);
  private static final int CHUNK = 64 * 1024;

  private final LiveConfig config;
  private final UpstreamClient client;
  private final BlobStore blobs;
  private final MetadataStore meta;
  private final AccessRecorder access;

  /** Where a requested file stands. */
  public sealed interface Lookup {
    /** Cached and verified: serve {@code path}. */
    record Hit(FileRecord file, Path path) implements Lookup {}

    /** Listed by a page but not cached: download it. */
    record Miss(FileRecord file, UpstreamConfig upstream) implements Lookup {}

    /** No page listed it: the mirror will not fetch it. */
    record NotListed() implements Lookup {}
  }

  public ArtifactService(
      LiveConfig config, UpstreamClient client, BlobStore blobs, MetadataStore meta, AccessRecorder access) {
    this.config = config;
    this.client = client;
    this.blobs = blobs;
    this.meta = meta;
    this.access = access;
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
    if (f.cachedSha256() != null && (f.sha256() == null || f.sha256().equals(f.cachedSha256()))) {
      Optional<Path> path = blobs.find(f.cachedSha256());
      if (path.isPresent()) {
        return new Lookup.Hit(f, path.get());
      }
      meta.markUncached(upstreamId, project, filename);
    }
    return new Lookup.Miss(f, up.get());
  }

  /** Counts a cache hit, off the hot path. */
  public void recordHit(FileRecord f, long bytes) {
    access.hit(f.upstreamId(), f.project(), f.filename(), bytes);
  }

  /** Fetches a listed file, streaming it to {@code sink} and into the cache. */
  public DownloadResult download(Lookup.Miss miss, DownloadSink sink) {
    FileRecord f = miss.file();
    Outcome<FileStream> outcome = client.openFile(miss.upstream(), URI.create(f.url()));
    if (outcome instanceof Outcome.NotFound<FileStream>) {
      return new DownloadResult.Failed(Problem.of(Problem.Kind.NOT_FOUND,
          "the upstream no longer has " + f.filename()), false);
    }
    if (outcome instanceof Outcome.Failed<FileStream> failed) {
      return new DownloadResult.Failed(failed.problem(), false);
    }
    if (!(outcome instanceof Outcome.Fetched<FileStream> fetched)) {
      return new DownloadResult.Failed(Problem.of(Problem.Kind.UPSTREAM_FAILED,
          "unexpected upstream answer for " + f.filename()), false);
    }
    try (FileStream stream = fetched.body()) {
      return tee(f, stream, sink);
    } catch (IOException e) {
      return new DownloadResult.Failed(Problem.of(Problem.Kind.UPSTREAM_FAILED, "closing upstream stream"), true);
    }
  }

  private DownloadResult tee(FileRecord f, FileStream stream, DownloadSink sink) throws IOException {
    BlobWriter writer;
    try {
      writer = blobs.create();
    } catch (IOException e) {
      LOG.error("cannot create a temp file for {}: {}", f.filename(), e.toString());
      return new DownloadResult.Failed(Problem.of(Problem.Kind.STORAGE, "the cache cannot write: " + e.getMessage()),
          false);
    }
    GuardedSink out = new GuardedSink(sink, f.filename());
    try (writer) {
      long length = stream.contentLength() >= 0 ? stream.contentLength() : f.size() == null ? -1 : f.size();
      out.begin(length, f.sha256());
      Chunks chunks = new Chunks(stream.body());
      ByteBuffer held = null;
      while (true) {
        ByteBuffer next = chunks.next(f, stream.finalUrl());
        if (next == null) {
          break;
        }
        writeToCache(writer, next, f);
        if (held != null) {
          out.write(held, false);
        }
        held = next;
      }
      BlobWriter.Result result = writer.commit(f.sha256());
      if (result instanceof BlobWriter.Result.Mismatch m) {
        LOG.error("hash mismatch for {} from upstream {}: expected sha256 {}, got {} ({} bytes); discarded",
            f.filename(), f.upstreamId(), m.expected(), m.actual(), m.size());
        return new DownloadResult.Failed(Problem.of(Problem.Kind.INTEGRITY,
            "upstream file " + f.filename() + " does not match its sha256"), out.sent());
      }
      BlobWriter.Result.Stored stored = (BlobWriter.Result.Stored) result;
      meta.markCached(f.upstreamId(), f.project(), f.filename(), stored.sha256(), stored.size(),
          System.currentTimeMillis());
      out.write(held == null ? ByteBuffer.allocate(0) : held, true);
      access.hit(f.upstreamId(), f.project(), f.filename(), stored.size());
      return new DownloadResult.Stored(stored.sha256(), stored.size());
    } catch (UpstreamReadException e) {
      LOG.warn("download of {} broke off: {}", f.filename(), e.getMessage());
      // Only bytes that went out force an aborted response; before that, the client can get an honest 502.
      return new DownloadResult.Failed(Problem.of(Problem.Kind.UPSTREAM_FAILED, e.getMessage()), out.sent());
    } catch (CacheWriteException e) {
      LOG.error("cache write failed for {}; entry discarded, server keeps running: {}", f.filename(),
          e.getCause().toString());
      return new DownloadResult.Failed(Problem.of(Problem.Kind.STORAGE, "the cache cannot write: "
          + e.getCause().getMessage()), out.sent());
    }
  }

  /**
   * The client side of a download. A client that went away does not stop the download: the file is still verified
   * and cached for the next one.
   */
  private static final class GuardedSink {
    private final DownloadSink sink;
    private final String filename;
    private boolean gone;
    private boolean sent;

    GuardedSink(DownloadSink sink, String filename) {
      this.sink = sink;
      this.filename = filename;
    }

    void begin(long length, String sha256) {
      try {
        sink.begin(length, sha256);
      } catch (IOException e) {
        leave();
      }
    }

    /** Returns whether the chunk went out. */
    boolean write(ByteBuffer chunk, boolean last) {
      if (gone) {
        return false;
      }
      try {
        sink.write(chunk, last);
        sent = true;
        return true;
      } catch (IOException e) {
        leave();
        return false;
      }
    }

    /** Whether any chunk reached the client, so the response can no longer become an error status. */
    boolean sent() {
      return sent;
    }

    private void leave() {
      if (!gone) {
        gone = true;
        LOG.info("client left during {}; finishing the download for the cache", filename);
      }
    }
  }

  private static void writeToCache(BlobWriter writer, ByteBuffer chunk, FileRecord f) {
    try {
      writer.write(chunk);
    } catch (IOException e) {
      throw new CacheWriteException(e);
    }
  }

  /** Reads the upstream body in chunks, telling a broken upstream apart from a broken client or disk. */
  private static final class Chunks {
    private final InputStream in;

    Chunks(InputStream in) {
      this.in = in;
    }

    ByteBuffer next(FileRecord f, URI from) {
      byte[] buf = new byte[CHUNK];
      int filled = 0;
      try {
        while (filled < CHUNK) {
          int n = in.read(buf, filled, CHUNK - filled);
          if (n < 0) {
            break;
          }
          filled += n;
          if (filled > 0 && in.available() == 0) {
            break;
          }
        }
      } catch (IOException e) {
        throw new UpstreamReadException("upstream " + Origin.redact(from) + " broke off while sending "
            + f.filename() + " (" + e.getClass().getSimpleName() + ")");
      }
      return filled == 0 ? null : ByteBuffer.wrap(buf, 0, filled);
    }
  }

  private static final class UpstreamReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpstreamReadException(String message) {
      super(message, null, false, false);
    }
  }

  private static final class CacheWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CacheWriteException(IOException cause) {
      super(cause);
    }
  }
}
