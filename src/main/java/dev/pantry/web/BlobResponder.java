package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.artifact.ArtifactService.Lookup;
import dev.pantry.cache.BlobLeases;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.OpsSettings;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContent;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves a cached blob with Jetty's {@link ResourceService}: HEAD, {@code Accept-Ranges}, single and multipart byte
 * ranges, 416, and conditional requests, with the file's sha256 as a strong ETag. A verified blob never changes, so
 * clients may keep it forever. {@code If-Range} (which ResourceService ignores) is handled here: when it does not
 * match, the Range is dropped and the whole file sent with 200.
 *
 * <p>Bytes go out through {@link ResourceHttpContent}, which copies the file in pooled 64 KiB buffers: no file is
 * read into the heap, and none is memory-mapped (a mapped file that shrinks can crash the JVM; blobs are only ever
 * renamed into place, never rewritten). The blob is leased while it is served, so eviction leaves it alone.
 *
 * <p>Plain GETs and HEADs of small blobs (what pip sends for a wheel) skip the ResourceService and are answered from
 * {@link SmallBlobs} in one write; that doubled the rate of cached-wheel requests in bench/run.sh. Any range or
 * precondition header takes the full path, so the two paths never disagree on semantics.
 *
 * <p>With offload configured, the front proxy sends the bytes instead: the answer is an empty 200 whose
 * {@code X-Accel-Redirect} (nginx, Caddy) or {@code X-Sendfile} header names the blob, and the proxy serves it
 * (ranges included) from the shared data directory.
 */
final class BlobResponder {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /**
   * Bytes per file read and socket write. Jetty's default of 8 KiB buffers costs a read and a write syscall per
   * 8 KiB; 64 KiB direct buffers send a typical wheel in two writes, cut the CPU per cached-file request by about a
   * third (bench/run.sh), and are still the largest size Jetty's default buffer pool recycles.
   */
  static final int COPY_BUFFER = 64 * 1024;
  /** Memory for small blobs: 32 MiB, blobs up to 1 MiB (most wheels and every PEP 658 metadata file). */
  static final long SMALL_BUDGET = 32L << 20;
  static final int SMALL_MAX = 1 << 20;

  private final ResourceService service = new ResourceService();
  private final ArtifactService artifacts;
  private final LiveConfig config;
  private final SmallBlobs small = new SmallBlobs(SMALL_BUDGET, SMALL_MAX);

  BlobResponder(ArtifactService artifacts, LiveConfig config) {
    this.artifacts = artifacts;
    this.config = config;
    service.setAcceptRanges(true);
    service.setEtags(true);
    service.setDirAllowed(false);
    service.setCacheControl(IMMUTABLE);
  }

  /**
   * Serves the blob. Returns false, having sent nothing, when the blob vanished between the lookup and now (evicted):
   * the caller looks the file up again.
   */
  boolean serve(Request request, Response response, Callback callback, Lookup.Hit hit, String cacheStatus)
      throws Exception {
    OpsSettings ops = config.get().ops();
    if (ops.offload() != OpsSettings.Offload.NONE) {
      if (!Files.isRegularFile(hit.path())) {
        return false;
      }
      offload(request, response, callback, hit, cacheStatus, ops);
      return true;
    }
    String sha = hit.file().cachedSha256();
    BlobLeases.Lease lease = artifacts.lease(sha);
    if (!Files.isRegularFile(hit.path())) {
      lease.close();
      return false;
    }
    try {
      response.getHeaders().put("X-Pantry-Cache", cacheStatus);
      recordHit(hit, cacheStatus);
      Long size = hit.file().cachedSize();
      if (size != null && small.fits(size) && isPlain(request)) {
        Optional<SmallBlobs.Blob> blob = small.get(sha, hit.path());
        if (blob.isPresent()) {
          write(request, response, Callback.from(callback, lease::close), sha, blob.get());
          return true;
        }
      }
      ByteBufferPool.Sized buffers =
          new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, COPY_BUFFER);
      HttpContent content = new ResourceHttpContent(ResourceFactory.root().newResource(hit.path()),
          "application/octet-stream", buffers);
      String etag = "\"" + sha + "\"";
      HttpField etagField = new HttpField(HttpHeader.ETAG, etag);
      HttpContent tagged = new HttpContent.Wrapper(content) {
        @Override
        public HttpField getETag() {
          return etagField;
        }
      };
      Request effective = honourIfRange(request, etag, content.getLastModifiedInstant());
      service.doGet(effective, response, Callback.from(callback, lease::close), tagged);
    } catch (Exception | Error e) {
      lease.close();
      throw e;
    }
    return true;
  }

  /** The request as ResourceService should see it: without its Range when an If-Range says the client is stale. */
  static Request honourIfRange(Request request, String etag, Instant lastModified) {
    HttpFields headers = request.getHeaders();
    String ifRange = headers.get(HttpHeader.IF_RANGE);
    if (ifRange == null || !headers.contains(HttpHeader.RANGE) || ifRangeMatches(ifRange, etag, lastModified)) {
      return request;
    }
    HttpFields withoutRange = HttpFields.build(headers).remove(HttpHeader.RANGE).asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return withoutRange;
      }
    };
  }

  /**
   * RFC 9110 §13.1.5: an entity tag matches only by strong comparison (a weak tag never does); a date matches only
   * when it equals the file's Last-Modified.
   */
  static boolean ifRangeMatches(String value, String etag, Instant lastModified) {
    String v = value.strip();
    if (v.startsWith("W/")) {
      return false;
    }
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond()
          == lastModified.getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void offload(Request request, Response response, Callback callback, Lookup.Hit hit, String cacheStatus,
      OpsSettings ops) {
    String sha = hit.file().cachedSha256();
    String etag = "\"" + sha + "\"";
    var h = response.getHeaders();
    h.put(HttpHeader.ETAG, etag);
    h.put(HttpHeader.CACHE_CONTROL, IMMUTABLE);
    h.put("X-Pantry-Cache", cacheStatus);
    recordHit(hit, cacheStatus);
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && Responses.notModified(inm, etag)) {
      response.setStatus(304);
      callback.succeeded();
      return;
    }
    h.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    String blob = sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
    if (ops.offload() == OpsSettings.Offload.NGINX) {
      String prefix = ops.offloadPrefix() == null ? OpsSettings.NGINX_PREFIX : ops.offloadPrefix();
      h.put("X-Accel-Redirect", prefix + blob);
    } else {
      String prefix = ops.offloadPrefix() == null
          ? config.get().dataDir().toAbsolutePath().resolve("blobs") + "/"
          : ops.offloadPrefix();
      h.put("X-Sendfile", prefix + blob);
    }
    h.put(HttpHeader.CONTENT_LENGTH, 0);
    callback.succeeded();
  }

  private void recordHit(Lookup.Hit hit, String cacheStatus) {
    if (!"MISS".equals(cacheStatus)) {
      Long size = hit.file().cachedSize();
      artifacts.recordHit(hit.file(), size == null ? 0 : size);
    }
  }

  /** A GET or HEAD without ranges or preconditions: the only requests the in-memory path answers. */
  static boolean isPlain(Request request) {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      return false;
    }
    HttpFields h = request.getHeaders();
    return !h.contains(HttpHeader.RANGE) && !h.contains(HttpHeader.IF_RANGE) && !h.contains(HttpHeader.IF_NONE_MATCH)
        && !h.contains(HttpHeader.IF_MATCH) && !h.contains(HttpHeader.IF_MODIFIED_SINCE)
        && !h.contains(HttpHeader.IF_UNMODIFIED_SINCE);
  }

  /** The same headers the ResourceService path sends for a plain 200. */
  private static void write(Request request, Response response, Callback callback, String sha256,
      SmallBlobs.Blob blob) {
    ByteBuffer body = blob.view();
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    h.put(HttpHeader.CONTENT_LENGTH, body.remaining());
    h.put(HttpHeader.ETAG, "\"" + sha256 + "\"");
    h.put(HttpHeader.LAST_MODIFIED, blob.lastModified());
    h.put(HttpHeader.ACCEPT_RANGES, "bytes");
    h.put(HttpHeader.CACHE_CONTROL, IMMUTABLE);
    response.setStatus(200);
    response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? BufferUtil.EMPTY_BUFFER : body, callback);
  }
}
