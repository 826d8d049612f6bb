package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.artifact.ArtifactService.Lookup;
import org.eclipse.jetty.http.HttpField;
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
 * Serves a cached blob with Jetty's {@link ResourceService}: HEAD, conditional requests and byte ranges, with the
 * file's sha256 as a strong ETag. A verified blob never changes, so clients may keep it forever.
 */
final class BlobResponder {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /**
   * Bytes per file read and socket write. Jetty's default of 8 KiB buffers costs a read and a write syscall per
   * 8 KiB; 64 KiB direct buffers send a typical wheel in two writes, cut the CPU per cached-file request by about a
   * third (bench/run.sh), and are still the largest size Jetty's default buffer pool recycles.
   */
  static final int COPY_BUFFER = 64 * 1024;

  private final ResourceService service = new ResourceService();
  private final ArtifactService artifacts;

  BlobResponder(ArtifactService artifacts) {
    this.artifacts = artifacts;
    service.setAcceptRanges(true);
    service.setEtags(true);
    service.setDirAllowed(false);
    service.setCacheControl(IMMUTABLE);
  }

  void serve(Request request, Response response, Callback callback, Lookup.Hit hit, String cacheStatus)
      throws Exception {
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
    response.getHeaders().put("X-Pantry-Cache", cacheStatus);
    if (!"MISS".equals(cacheStatus)) {
      Long size = hit.file().cachedSize();
      artifacts.recordHit(hit.file(), size == null ? 0 : size);
    }
    service.doGet(request, response, callback, tagged);
  }
}
