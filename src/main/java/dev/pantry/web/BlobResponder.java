package dev.pantry.web;

import dev.pantry.artifact.ArtifactService;
import dev.pantry.artifact.ArtifactService.Lookup;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.OpsSettings;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContent;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves a cached blob with Jetty's {@link ResourceService}: HEAD, conditional requests and byte ranges, with the
 * file's sha256 as a strong ETag. A verified blob never changes, so clients may keep it forever.
 *
 * <p>With offload configured, the front proxy sends the bytes instead: the answer is an empty 200 whose
 * {@code X-Accel-Redirect} (nginx, Caddy) or {@code X-Sendfile} header names the blob, and the proxy serves it
 * (ranges included) from the shared data directory.
 */
final class BlobResponder {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

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

  void serve(Request request, Response response, Callback callback, Lookup.Hit hit, String cacheStatus)
      throws Exception {
    OpsSettings ops = config.get().ops();
    if (ops.offload() != OpsSettings.Offload.NONE) {
      offload(request, response, callback, hit, cacheStatus, ops);
      return;
    }
    HttpContent content = new ResourceHttpContent(ResourceFactory.root().newResource(hit.path()),
        "application/octet-stream");
    HttpField etag = new HttpField(HttpHeader.ETAG, "\"" + hit.file().cachedSha256() + "\"");
    HttpContent tagged = new HttpContent.Wrapper(content) {
      @Override
      public HttpField getETag() {
        return etag;
      }
    };
    response.getHeaders().put("X-Pantry-Cache", cacheStatus);
    recordHit(hit, cacheStatus);
    service.doGet(request, response, callback, tagged);
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
