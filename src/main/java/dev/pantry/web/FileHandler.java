package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.artifact.ArtifactService.Lookup;
import dev.pantry.artifact.DownloadResult;
import dev.pantry.artifact.DownloadSink;
import dev.pantry.error.Problem;
import dev.pantry.index.PageResult;
import dev.pantry.index.PageService;
import dev.pantry.index.ProjectNames;
import dev.pantry.metrics.Metrics;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Files at {@code /files/<upstream>/<project>/<filename>}: cached ones from disk, the rest streamed from the upstream
 * while they are verified and cached. Only files an upstream page listed can be fetched.
 */
final class FileHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(FileHandler.class);

  private final ArtifactService artifacts;
  private final PageService pages;
  private final BlobResponder blobs;
  private final Metrics metrics;
  private final Throttle throttle;

  FileHandler(ArtifactService artifacts, PageService pages, BlobResponder blobs, Metrics metrics, Throttle throttle) {
    this.artifacts = artifacts;
    this.pages = pages;
    this.blobs = blobs;
    this.metrics = metrics;
    this.throttle = throttle;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (Responses.rejectUnlessGetOrHead(request, response, callback)) {
      return true;
    }
    String[] parts = Request.getPathInContext(request).substring("/files/".length()).split("/", -1);
    if (parts.length != 3 || !parts[0].matches("[a-z0-9][a-z0-9-]{0,63}") || !ProjectNames.isValid(parts[1])
        || !ProjectNames.normalize(parts[1]).equals(parts[1]) || !ProjectNames.isValidFilename(parts[2])) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no such file"));
      return true;
    }
    PageResult page = null;
    Throttle.Gate gate = throttle.upstreamGate(request, RouteLabel.FILES);
    Lookup lookup = artifacts.lookup(parts[0], parts[1], parts[2]);
    if (lookup instanceof Lookup.NotListed) {
      // The page may not have been fetched yet (or was listed before a restart wiped memory): ask once.
      page = pages.project(parts[1], gate);
      if (page instanceof PageResult.Failed f && f.problem().kind() == Problem.Kind.RATE_LIMITED) {
        gate.answer(response, callback, f.problem());
        return true;
      }
      lookup = artifacts.lookup(parts[0], parts[1], parts[2]);
    }
    // Twice at most: a blob evicted between lookup and serve is looked up again (and then downloaded).
    for (int attempt = 0; attempt < 2 && lookup instanceof Lookup.Hit hit; attempt++) {
      if (blobs.serve(request, response, callback, hit, "HIT")) {
        metrics.fileServed("HIT");
        return true;
      }
      lookup = artifacts.lookup(parts[0], parts[1], parts[2]);
    }
    if (lookup instanceof Lookup.Miss miss) {
      Problem refused = gate.enter();
      if (refused != null) {
        gate.answer(response, callback, refused);
        return true;
      }
      download(request, response, callback, miss);
    } else if (page instanceof PageResult.Failed failed) {
      // Offline, or the upstream is down: say so rather than "not listed".
      Responses.problem(response, callback, failed.problem());
    } else {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND,
          "no upstream page lists " + parts[2] + " for project '" + parts[1] + "'"));
    }
    return true;
  }

  private void download(Request request, Response response, Callback callback, Lookup.Miss miss) throws Exception {
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    DownloadResult result;
    metrics.downloadStarted();
    try {
      result = artifacts.download(miss, head ? new Discard() : new ResponseSink(response));
    } finally {
      metrics.downloadEnded();
    }
    if (!(result instanceof DownloadResult.Failed)) {
      metrics.fileServed("MISS");
    }
    if (result instanceof DownloadResult.Cached || head && result instanceof DownloadResult.Stored) {
      Lookup again = artifacts.lookup(miss.file().upstreamId(), miss.file().project(), miss.file().filename());
      if (again instanceof Lookup.Hit hit && blobs.serve(request, response, callback, hit, "MISS")) {
        return;
      }
      Responses.problem(response, callback, Problem.of(Problem.Kind.UNAVAILABLE,
          miss.file().filename() + " left the cache as it was stored; try again"));
      return;
    }
    if (result instanceof DownloadResult.Sent sent && head) {
      // Verified, but the cache could not keep it: the headers are all a HEAD needs.
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, sent.size());
      response.getHeaders().put(HttpHeader.ETAG, "\"" + sent.sha256() + "\"");
      response.getHeaders().put("X-Pantry-Cache", "MISS");
      response.write(true, null, callback);
      return;
    }
    if (!(result instanceof DownloadResult.Failed failed)) {
      callback.succeeded();
      return;
    }
    if (failed.clientStarted() || response.isCommitted()) {
      // Bytes went out: the only honest signal left is an aborted response, never a clean end.
      LOG.warn("aborting response for {}: {}", miss.file().filename(), failed.problem().message());
      callback.failed(new IOException(failed.problem().message()));
      return;
    }
    response.reset();
    Responses.problem(response, callback, failed.problem());
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
      var h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
      if (contentLength >= 0) {
        h.put(HttpHeader.CONTENT_LENGTH, contentLength);
      }
      if (sha256 != null) {
        // The response is aborted unless the bytes verify, so a client that caches it caches the right file.
        h.put(HttpHeader.ETAG, "\"" + sha256.toLowerCase(java.util.Locale.ROOT) + "\"");
        h.put(HttpHeader.CACHE_CONTROL, BlobResponder.IMMUTABLE);
      }
      h.put("X-Pantry-Cache", "MISS");
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
