package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.artifact.ArtifactService.Lookup;
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
 * Serves a cached blob with Jetty's {@link ResourceService}: HEAD, conditional requests and byte ranges, with the
 * file's sha256 as a strong ETag. A verified blob never changes, so clients may keep it forever.
 *
 * <p>Plain GETs and HEADs of small blobs (what pip sends for a wheel) skip the ResourceService and are answered from
 * {@link SmallBlobs} in one write; that doubled the rate of cached-wheel requests in bench/run.sh. Any range or
 * precondition header takes the full path, so the two paths never disagree on semantics.
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
  private final SmallBlobs small = new SmallBlobs(SMALL_BUDGET, SMALL_MAX);

  BlobResponder(ArtifactService artifacts) {
    this.artifacts = artifacts;
    service.setAcceptRanges(true);
    service.setEtags(true);
    service.setDirAllowed(false);
    service.setCacheControl(IMMUTABLE);
  }

  void serve(Request request, Response response, Callback callback, Lookup.Hit hit, String cacheStatus)
      throws Exception {
    response.getHeaders().put("X-Pantry-Cache", cacheStatus);
    Long size = hit.file().cachedSize();
    if (!"MISS".equals(cacheStatus)) {
      artifacts.recordHit(hit.file(), size == null ? 0 : size);
    }
    String sha256 = String.valueOf(hit.file().cachedSha256());
    if (size != null && small.fits(size) && isPlain(request)) {
      Optional<SmallBlobs.Blob> blob = small.get(sha256, hit.path());
      if (blob.isPresent()) {
        write(request, response, callback, sha256, blob.get());
        return;
      }
    }
    HttpContent content = new ResourceHttpContent(ResourceFactory.root().newResource(hit.path()),
        "application/octet-stream", new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true,
            COPY_BUFFER));
    HttpField etag = new HttpField(HttpHeader.ETAG, "\"" + hit.file().cachedSha256() + "\"");
    HttpContent tagged = new HttpContent.Wrapper(content) {
      @Override
      public HttpField getETag() {
        return etag;
      }
    };
    service.doGet(request, response, callback, tagged);
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
