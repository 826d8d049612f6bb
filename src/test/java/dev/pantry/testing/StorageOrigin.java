package dev.pantry.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * Plays S3-like object storage behind pre-signed URLs: any credential header is a 400 (the signature in the query
 * is already one auth mechanism), and a URL without a signature is a 403.
 */
final class StorageOrigin extends FakeOrigin {

  static final String BUCKET = "/bucket/";

  StorageOrigin(RequestLog log, Knobs knobs, Catalog catalog, AtomicReference<@Nullable Addresses> addresses) {
    super("storage", log, knobs, catalog, addresses);
  }

  @Override
  void serve(Request request, Response response, Callback callback, Addresses addresses) {
    if (request.getHeaders().contains(HttpHeader.AUTHORIZATION) || request.getHeaders().contains("PRIVATE-TOKEN")) {
      Replies.bytes(request, response, callback, 400, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm "
          + "query parameter, Signature query string parameter or the Authorization header should be specified"
          + "</Message></Error>\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    Fields query = Request.extractQueryParameters(request);
    String signature = query.getValue("X-Amz-Signature");
    if (signature == null || signature.isEmpty()) {
      Replies.text(request, response, callback, 403, "AccessDenied: request is not signed\n");
      return;
    }
    String path = request.getHttpURI().getDecodedPath();
    Catalog.Blob blob = path.startsWith(BUCKET) ? catalog.storageObject(path.substring(BUCKET.length())) : null;
    if (blob == null) {
      Replies.text(request, response, callback, 404, "NoSuchKey\n");
      return;
    }
    Replies.file(request, response, callback, knobs, blob);
  }
}
