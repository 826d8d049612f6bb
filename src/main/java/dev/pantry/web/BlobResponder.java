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
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContent;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
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
 * <p>With offload configured, the front proxy sends the bytes instead: the answer is an empty 200 whose
 * {@code X-Accel-Redirect} (nginx, Caddy) or {@code X-Sendfile} header names the blob, and the proxy serves it
 * (ranges included) from the shared data directory.
 */
final class BlobResponder {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final int BUFFER = 64 * 1024;

  private final ResourceService service = new ResourceService();
  private final ArtifactService artifacts;
  private final LiveConfig config;

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
      ByteBufferPool.Sized buffers =
          new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, BUFFER);
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
      response.getHeaders().put("X-Pantry-Cache", cacheStatus);
      recordHit(hit, cacheStatus);
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
}
