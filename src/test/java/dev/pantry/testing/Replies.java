package dev.pantry.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small ways the fake origins answer; each completes the callback exactly once. */
final class Replies {

  private Replies() {}

  static void text(Request request, Response response, Callback callback, int status, String body) {
    bytes(request, response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** A complete body with Content-Length; HEAD gets the headers only. */
  static void bytes(Request request, Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** A redirect; {@code location} may be absolute or path-absolute. */
  static void redirect(Response response, Callback callback, int status, String location) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  /**
   * Serves a stored file, honouring the corrupt and reset-mid-body switches: a corrupt file keeps its length but
   * not one of its bytes, and a reset one sends half its bytes under the full Content-Length, then drops the
   * connection.
   */
  static void file(Request request, Response response, Callback callback, Knobs knobs, Catalog.Blob blob) {
    // A copy: corrupting must not change what the catalog serves once the knob is cleared.
    byte[] bytes = blob.bytes().clone();
    if (knobs.isCorrupt(blob.filename())) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ~bytes[i];
      }
    }
    if (!knobs.isResetMidBody(blob.filename()) || HttpMethod.HEAD.is(request.getMethod())) {
      bytes(request, response, callback, 200, "application/octet-stream", bytes);
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    // Failing the callback after the response is committed makes Jetty abort the connection: the client sees a
    // body that ends early, as when a proxy or object store drops the connection mid-transfer.
    Callback abort = Callback.from(
        () -> callback.failed(new IOException("test knob: connection reset mid-body")), callback::failed);
    response.write(false, ByteBuffer.wrap(bytes, 0, bytes.length / 2), abort);
  }
}
