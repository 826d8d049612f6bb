package dev.pantry.files;

import dev.pantry.config.OpsSettings;
import dev.pantry.storage.Blob;
import dev.pantry.storage.LocalFile;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands a cached file to the front proxy to send: an empty 200 whose {@code X-Accel-Redirect} (nginx, Caddy) or
 * {@code X-Sendfile} header names the blob's file, which the proxy serves (ranges included) from the data directory.
 * Only for blobs the store keeps as local files; the rest are sent by Pantry.
 */
final class Offload {
  private Offload() {}

  static void answer(Request request, Response response, Callback callback, Blob blob, String cacheStatus,
      OpsSettings ops) {
    LocalFile file = blob.local().orElseThrow();
    BlobResponse.common(response, blob.sha256(), cacheStatus);
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && BlobResponse.matches(inm, BlobResponse.etag(blob.sha256()), true)) {
      response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
      response.setStatus(304);
      callback.succeeded();
      return;
    }
    if (ops.offload() == OpsSettings.Offload.NGINX) {
      String prefix = ops.offloadPrefix() == null ? OpsSettings.NGINX_PREFIX : ops.offloadPrefix();
      response.getHeaders().put("X-Accel-Redirect", prefix + file.relativePath());
    } else {
      String path = ops.offloadPrefix() == null ? file.absolutePath() : ops.offloadPrefix() + file.relativePath();
      response.getHeaders().put("X-Sendfile", path);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.setStatus(200);
    callback.succeeded();
  }
}
