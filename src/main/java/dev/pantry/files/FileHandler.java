package dev.pantry.files;

import dev.pantry.config.OpsSettings;
import dev.pantry.coordination.BlobLeases;
import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.metadata.FileKey;
import dev.pantry.metrics.Metrics;
import dev.pantry.upstream.UpstreamGate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /files/...}: renders what {@link FileService} decides. Non-blocking, so Jetty runs it on the selector thread
 * that read the request: a hit held in memory is answered right there, with no thread hand-off, and everything else
 * (the index, the store, an upstream) is handed to {@code blocking}.
 */
public final class FileHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(FileHandler.class);

  private final FileService files;
  private final Function<Request, UpstreamGate> gates;
  private final Metrics metrics;
  private final Supplier<OpsSettings> ops;
  private final Executor blocking;

  /**
   * @param gates the rate limiter's gate for requests that must reach an upstream
   * @param ops      read per request, for offload to the front proxy (a reload changes it at once)
   * @param blocking runs the requests that may block: virtual threads on Java 21+, the server's pool on 17
   */
  public FileHandler(FileService files, Function<Request, UpstreamGate> gates, Metrics metrics,
      Supplier<OpsSettings> ops, Executor blocking) {
    super(InvocationType.NON_BLOCKING);
    this.blocking = blocking;
    this.files = files;
    this.gates = gates;
    this.metrics = metrics;
    this.ops = ops;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    FileUrls.Parsed parsed = FileUrls.parse(request.getHttpURI().getPath());
    if (parsed instanceof FileUrls.Parsed.Bad bad) {
      HttpProblems.send(response, callback, bad.problem());
      return true;
    }
    FileKey key = ((FileUrls.Parsed.Key) parsed).key();
    FileOutcome.Serve held = files.fromMemory(key);
    if (held != null) {
      render(request, response, callback, held);
    } else {
      blocking.execute(() -> serve(request, response, callback, key));
    }
    return true;
  }

  /** The whole sequence, on a thread that may block. */
  private void serve(Request request, Response response, Callback callback, FileKey key) {
    try {
      DownloadSink sink = HttpMethod.HEAD.is(request.getMethod()) ? new Discard() : new ResponseSink(response);
      render(request, response, callback, files.serve(key, sink, gates.apply(request)));
    } catch (Throwable t) {
      // Jetty answers an uncommitted response with its error page, and aborts a committed one.
      callback.failed(t);
    }
  }

  /** Completes {@code callback}, then gives the lease back (bytes held in memory have none). */
  private static Callback releasing(Callback callback, FileOutcome.Serve s) {
    BlobLeases.Lease lease = s.lease();
    return lease == null ? callback : Callback.from(callback, lease::close);
  }

  private void render(Request request, Response response, Callback callback, FileOutcome outcome) {
    if (outcome instanceof FileOutcome.Serve s && s.blob().local().isPresent()
        && ops.get().offload() != OpsSettings.Offload.NONE) {
      metrics.fileServed(s.cacheStatus());
      if (s.cacheStatus().equals("HIT")) {
        files.recordHit(s.row().key(), s.blob().size());
      }
      Offload.answer(request, response, releasing(callback, s), s.blob(), s.cacheStatus(),
          ops.get());
    } else if (outcome instanceof FileOutcome.Serve s) {
      BlobBody body = s.memory() != null ? new BlobBody.Memory(s.memory())
          : BlobBody.of(s.blob(), request.getComponents().getByteBufferPool());
      metrics.fileServed(s.cacheStatus());
      if (s.cacheStatus().equals("HIT")) {
        files.recordHit(s.row().key(), s.blob().size());
      }
      BlobResponse.send(request, response, releasing(callback, s), s.blob(), body,
          s.cacheStatus());
    } else if (outcome instanceof FileOutcome.Streamed) {
      metrics.fileServed("MISS");
      callback.succeeded();
    } else if (outcome instanceof FileOutcome.Headers h) {
      // Verified, but the cache could not keep it: the headers are all a HEAD needs.
      metrics.fileServed("MISS");
      response.setStatus(200);
      BlobResponse.common(response, h.sha256(), "MISS");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, h.size());
      response.write(true, null, callback);
    } else if (outcome instanceof FileOutcome.Aborted a) {
      LOG.warn("aborting response for {}: {}", request.getHttpURI().getPath(), a.problem().message());
      callback.failed(new IOException(a.problem().message()));
    } else {
      Problem p = ((FileOutcome.Refused) outcome).problem();
      if (response.isCommitted()) {
        callback.failed(new IOException(p.message()));
        return;
      }
      response.reset();
      HttpProblems.send(response, callback, p);
    }
  }

  /** Streams download bytes into the response, blocking for backpressure. */
  private static final class ResponseSink implements DownloadSink {
    private final Response response;

    ResponseSink(Response response) {
      this.response = response;
    }

    @Override
    public void begin(long contentLength, @Nullable String sha256) {
      response.setStatus(200);
      // The response is aborted unless the bytes verify, so a client that caches it caches the right file.
      BlobResponse.common(response, sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT), "MISS");
      if (contentLength >= 0) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
      }
    }

    @Override
    public void write(ByteBuffer chunk, boolean last) throws IOException {
      try (Blocker.Callback blocker = Blocker.callback()) {
        response.write(last, chunk, blocker);
        blocker.block();
      }
    }
  }

  /** A HEAD on an uncached file: download it for the cache, send nothing yet. */
  private static final class Discard implements DownloadSink {
    @Override
    public void begin(long contentLength, @Nullable String sha256) {}

    @Override
    public void write(ByteBuffer chunk, boolean last) {}

    @Override
    public boolean wantsBody() {
      return false;
    }
  }
}
